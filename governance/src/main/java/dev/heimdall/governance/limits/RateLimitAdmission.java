package dev.heimdall.governance.limits;

import java.util.List;

/**
 * Admits a request against every rate limit that applies to it, at every level, all or nothing.
 *
 * <p>Token limits are checked first because checking takes nothing: a request is admitted on them while their window
 * has room left, and charged with its actual usage by {@link #charge} once the response is known. Then one request
 * is taken from each request limit; if a later one refuses, the ones already taken are given back, so a refused
 * request leaves no trace in any counter.
 */
public final class RateLimitAdmission {

    private final QuotaStore store;

    public RateLimitAdmission(QuotaStore store) {
        this.store = store;
    }

    /** @param limits the limits of every level that apply, as precomputed by the key's context */
    public RateLimitDecision admit(List<AppliedLimit> limits, long nowMillis) {
        if (limits.isEmpty()) {
            return RateLimitDecision.Admitted.UNLIMITED;
        }
        Tightest tokens = new Tightest();
        for (int i = 0, n = limits.size(); i < n; i++) {
            AppliedLimit limit = limits.get(i);
            if (limit.kind() == LimitKind.TOKENS) {
                QuotaGrant grant = store.check(limit.counterAt(nowMillis), limit.limit());
                if (!grant.granted()) {
                    return limited(limit, grant, nowMillis);
                }
                tokens.offer(grant);
            }
        }
        Tightest requests = new Tightest();
        for (int i = 0, n = limits.size(); i < n; i++) {
            AppliedLimit limit = limits.get(i);
            if (limit.kind() == LimitKind.REQUESTS) {
                QuotaGrant grant = store.tryAcquire(limit.counterAt(nowMillis), 1, limit.limit());
                if (!grant.granted()) {
                    releaseRequests(limits, i, nowMillis);
                    return limited(limit, grant, nowMillis);
                }
                requests.offer(grant);
            }
        }
        return new RateLimitDecision.Admitted(requests.status(), tokens.status());
    }

    /**
     * Charges a response's actual tokens to every token limit in {@code limits}: call it with the key's limits and
     * with those of the provider that answered.
     */
    public void charge(List<AppliedLimit> limits, long tokens, long nowMillis) {
        if (tokens <= 0) {
            return;
        }
        for (int i = 0, n = limits.size(); i < n; i++) {
            AppliedLimit limit = limits.get(i);
            if (limit.kind() == LimitKind.TOKENS) {
                store.charge(limit.counterAt(nowMillis), tokens);
            }
        }
    }

    private void releaseRequests(List<AppliedLimit> limits, int upTo, long nowMillis) {
        for (int i = 0; i < upTo; i++) {
            AppliedLimit limit = limits.get(i);
            if (limit.kind() == LimitKind.REQUESTS) {
                store.release(limit.counterAt(nowMillis), 1);
            }
        }
    }

    private static RateLimitDecision.Limited limited(AppliedLimit limit, QuotaGrant grant, long nowMillis) {
        return new RateLimitDecision.Limited(limit, grant.resetAtMillis(), Math.max(0, grant.resetAtMillis() - nowMillis));
    }

    /** The grant with the least remaining (earliest reset on a tie), without keeping more than one. */
    private static final class Tightest {
        private QuotaGrant grant;

        void offer(QuotaGrant candidate) {
            if (grant == null || candidate.remaining() < grant.remaining()
                    || (candidate.remaining() == grant.remaining() && candidate.resetAtMillis() < grant.resetAtMillis())) {
                grant = candidate;
            }
        }

        RateLimitDecision.Status status() {
            return grant == null ? null : new RateLimitDecision.Status(grant.limit(), grant.remaining(), grant.resetAtMillis());
        }
    }
}
