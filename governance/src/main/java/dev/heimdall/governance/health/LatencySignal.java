package dev.heimdall.governance.health;

/**
 * One latency signal of a target as an operator reads it, in nanoseconds; NaN where there is no value yet (a p90
 * needs enough samples in the recent window).
 */
public record LatencySignal(double ewma, double p90, double baseline, double p90Baseline, long samples) {

    public static final LatencySignal NONE = new LatencySignal(Double.NaN, Double.NaN, Double.NaN, Double.NaN, 0);
}
