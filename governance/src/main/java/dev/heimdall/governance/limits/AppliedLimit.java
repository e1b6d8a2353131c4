package dev.heimdall.governance.limits;

import dev.heimdall.governance.hierarchy.Owner;

import java.util.Locale;
import java.util.Objects;

/**
 * One rate limit as it binds one owner (optionally on one provider), prepared when the governance snapshot is built
 * so admission only looks counters up. It remembers the counter of the current window, so a steady stream of
 * requests reuses one {@link QuotaCounter} per window instead of allocating one per request.
 */
public final class AppliedLimit {

    private final Owner owner;
    private final String provider;
    private final LimitKind kind;
    private final LimitWindow window;
    private final long limit;
    private final String subject;
    /** A cache: racing threads may each build the counter of a new window; any of them is right. */
    private volatile QuotaCounter current;

    /** @param provider the provider this limit is confined to, or null for all of the owner's traffic */
    public AppliedLimit(Owner owner, String provider, RateLimitSpec.Limit limit) {
        this.owner = Objects.requireNonNull(owner, "owner");
        this.provider = provider;
        this.kind = limit.kind();
        this.window = limit.window();
        this.limit = limit.limit();
        this.subject = provider == null ? owner.subject() : owner.subject() + "/provider:" + provider;
    }

    public Owner owner() {
        return owner;
    }

    public String provider() {
        return provider;
    }

    public LimitKind kind() {
        return kind;
    }

    public LimitWindow window() {
        return window;
    }

    public long limit() {
        return limit;
    }

    /** The counter subject: {@code key:vk_1}, {@code team:ml}, {@code key:vk_1/provider:openai}. */
    public String subject() {
        return subject;
    }

    public QuotaCounter counterAt(long nowMillis) {
        long start = window.startOf(nowMillis);
        QuotaCounter counter = current;
        if (counter == null || counter.windowStartMillis() != start) {
            counter = new QuotaCounter(subject, kind, window, start);
            current = counter;
        }
        return counter;
    }

    /** {@code rate limit of virtual key 'vk_1' on provider 'openai': 100 requests per minute}. */
    public String describe() {
        return "rate limit of " + owner.describe() + (provider == null ? "" : " on provider '" + provider + "'")
                + ": " + limit + " " + unit() + " per " + window.name().toLowerCase(Locale.ROOT);
    }

    private String unit() {
        String plural = kind.name().toLowerCase(Locale.ROOT);
        return limit == 1 ? plural.substring(0, plural.length() - 1) : plural;
    }

    @Override
    public String toString() {
        return "AppliedLimit[" + subject + " " + kind + "/" + window + "=" + limit + "]";
    }
}
