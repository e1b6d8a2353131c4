package dev.heimdall.governance.health;

/**
 * A target's health factor in [{@link #MIN_FACTOR}, 1], the number its configured weight is multiplied by, and the
 * signals it came from:
 * <pre>
 *   factor = latency factor x (1 - failure rate) x (1 - 429 rate), at least MIN_FACTOR
 *   latency factor = 1 while the latency ratio is within the tolerance, else (tolerance / ratio)^2
 * </pre>
 * The latency ratio is the worse of the target's two latency signals against their own baselines (see
 * {@link LatencySeries}); rates are over the recent window, divided by at least {@code minSamples} so that one
 * failure of a quiet target is not a 100% error rate. The floor keeps a trickle of traffic on a poor target, so the
 * gateway keeps learning when it gets better; a target that really fails is cut off by its circuit breaker instead.
 */
public record HealthScore(double factor, double latencyRatio, double failureRate, double rateLimitedRate, int calls) {

    public static final double MIN_FACTOR = 0.05;

    /** What a target that has not been observed (or not recently) is worth: everything. */
    public static final HealthScore HEALTHY = new HealthScore(1, 1, 0, 0, 0);

    public static HealthScore of(double latencyRatio, int calls, int failures, int rateLimited, HealthSettings settings) {
        double tolerance = settings.latencyTolerance();
        double latencyFactor = latencyRatio <= tolerance ? 1 : Math.pow(tolerance / latencyRatio, 2);
        int denominator = Math.max(calls, settings.minSamples());
        double failureRate = failures / (double) denominator;
        double limitedRate = rateLimited / (double) denominator;
        double factor = latencyFactor * (1 - failureRate) * (1 - limitedRate);
        return new HealthScore(Math.max(MIN_FACTOR, Math.min(1, factor)), latencyRatio, failureRate, limitedRate, calls);
    }
}
