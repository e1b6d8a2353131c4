package dev.heimdall.governance.limits;

/** The answer of rate-limit admission. */
public sealed interface RateLimitDecision {

    /**
     * What a client sees of one kind of limit in OpenAI's {@code x-ratelimit-limit-*}, {@code -remaining-*} and
     * {@code -reset-*} headers: the most restrictive of the limits of that kind (least remaining; on a tie the one
     * that resets first).
     */
    record Status(long limit, long remaining, long resetAtMillis) {
    }

    /**
     * @param requests the most restrictive request limit, or null when none applies
     * @param tokens   the most restrictive token limit, or null when none applies
     */
    record Admitted(Status requests, Status tokens) implements RateLimitDecision {

        public static final Admitted UNLIMITED = new Admitted(null, null);
    }

    /**
     * @param limit            the limit that refused the request (owner, provider, kind, window)
     * @param resetAtMillis    when its window ends
     * @param retryAfterMillis how long the client should wait: until the window ends
     */
    record Limited(AppliedLimit limit, long resetAtMillis, long retryAfterMillis) implements RateLimitDecision {

        public String message() {
            return limit.describe() + " reached; retry in " + Math.max(1, (retryAfterMillis + 999) / 1000) + "s";
        }
    }
}
