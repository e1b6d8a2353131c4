package dev.heimdall.governance.limits;

import java.util.ArrayList;
import java.util.List;

/**
 * Requests and tokens per minute, hour and day; 0 means no limit on that window.
 */
public record RateLimitSpec(long requestsPerMinute, long requestsPerHour, long requestsPerDay,
                            long tokensPerMinute, long tokensPerHour, long tokensPerDay) {

    public static final RateLimitSpec NONE = new RateLimitSpec(0, 0, 0, 0, 0, 0);

    public RateLimitSpec {
        for (long limit : new long[] {requestsPerMinute, requestsPerHour, requestsPerDay,
                tokensPerMinute, tokensPerHour, tokensPerDay}) {
            if (limit < 0) {
                throw new IllegalArgumentException("rate limits must be positive, or 0 for none");
            }
        }
    }

    /** One limit on one window. */
    public record Limit(LimitKind kind, LimitWindow window, long limit) {
    }

    /** The limits that are set, requests before tokens, shortest window first. */
    public List<Limit> limits() {
        List<Limit> limits = new ArrayList<>(6);
        add(limits, LimitKind.REQUESTS, LimitWindow.MINUTE, requestsPerMinute);
        add(limits, LimitKind.REQUESTS, LimitWindow.HOUR, requestsPerHour);
        add(limits, LimitKind.REQUESTS, LimitWindow.DAY, requestsPerDay);
        add(limits, LimitKind.TOKENS, LimitWindow.MINUTE, tokensPerMinute);
        add(limits, LimitKind.TOKENS, LimitWindow.HOUR, tokensPerHour);
        add(limits, LimitKind.TOKENS, LimitWindow.DAY, tokensPerDay);
        return limits;
    }

    public boolean isEmpty() {
        return limits().isEmpty();
    }

    private static void add(List<Limit> limits, LimitKind kind, LimitWindow window, long limit) {
        if (limit > 0) {
            limits.add(new Limit(kind, window, limit));
        }
    }
}
