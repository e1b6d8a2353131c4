package dev.heimdall.governance.health;

/**
 * What one finished upstream attempt says about its target: the unit of health a node records, and what a cluster
 * shares between nodes. Deliberately small: when it happened is the receiving board's business (its own clock).
 *
 * @param latencyNanos    the time to the whole answer of a request that was not streamed; -1 when not measured
 * @param firstTokenNanos the time to the first bytes of a streamed answer; -1 when not a stream or none came
 */
public record Observation(TargetId target, Outcome outcome, long latencyNanos, long firstTokenNanos) {

    /** How an attempt ended, as far as the target's health is concerned. */
    public enum Outcome {
        /** The upstream answered (a client error such as a 400 counts too: the upstream is working). */
        SUCCESS,
        /** Connect failure, timeout, 5xx, broken stream: what a circuit breaker counts. */
        FAILURE,
        /** 429: the target is alive but over its quota. */
        RATE_LIMITED
    }

    public static Observation success(TargetId target, long latencyNanos, long firstTokenNanos) {
        return new Observation(target, Outcome.SUCCESS, latencyNanos, firstTokenNanos);
    }

    public static Observation failure(TargetId target) {
        return new Observation(target, Outcome.FAILURE, -1, -1);
    }

    public static Observation rateLimited(TargetId target) {
        return new Observation(target, Outcome.RATE_LIMITED, -1, -1);
    }
}
