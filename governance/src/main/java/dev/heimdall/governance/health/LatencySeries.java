package dev.heimdall.governance.health;

/**
 * One latency signal of a target (time to the whole answer, or time to the first streamed bytes): a fast EWMA and
 * the window's p90, each with a slow baseline that stands for the target's normal. Not thread-safe; its owner locks.
 *
 * <p>The EWMA weighs each sample by 0.1 (about the last twenty answers), starting as a plain mean so the first
 * sample does not stick. Until {@code minSamples} samples the baselines simply follow the signals; after that they
 * follow them in time, upwards with the settings' baseline window as time constant and downwards ten times
 * faster. A slowdown therefore shows as a ratio above 1 for minutes, and a recovery is believed at once.
 */
final class LatencySeries {

    static final double ALPHA = 0.1;

    private long samples;
    private double ewma = Double.NaN;
    private double baseline = Double.NaN;
    private double p90 = Double.NaN;
    private double p90Baseline = Double.NaN;
    private long lastNanos;

    /**
     * @param sampleNanos the new measurement
     * @param windowP90   the window's p90 of this signal including the sample, and how many samples it is over
     */
    void add(long sampleNanos, long windowP90, int windowSamples, long nowNanos, HealthSettings settings) {
        samples++;
        double alpha = Math.max(ALPHA, 1.0 / samples);
        ewma = Double.isNaN(ewma) ? sampleNanos : ewma + alpha * (sampleNanos - ewma);
        p90 = windowSamples >= settings.minSamples() ? windowP90 : Double.NaN;
        if (samples <= settings.minSamples()) {
            baseline = ewma;
        } else {
            baseline = follow(baseline, ewma, nowNanos - lastNanos, settings);
        }
        if (!Double.isNaN(p90)) {
            p90Baseline = Double.isNaN(p90Baseline) ? p90 : follow(p90Baseline, p90, nowNanos - lastNanos, settings);
        }
        lastNanos = nowNanos;
    }

    private static double follow(double baseline, double signal, long elapsedNanos, HealthSettings settings) {
        double tau = settings.baselineWindow().toNanos() / (signal > baseline ? 1.0 : 10.0);
        double weight = 1 - Math.exp(-Math.max(0, elapsedNanos) / tau);
        return baseline + weight * (signal - baseline);
    }

    /**
     * How many times its baseline this signal is now: the larger of EWMA over baseline and p90 over p90 baseline,
     * with values under the floor counted as the floor; 1 while there are too few samples to judge.
     */
    double ratio(HealthSettings settings) {
        if (samples <= settings.minSamples()) {
            return 1;
        }
        double floor = settings.latencyFloor().toNanos();
        double ratio = Math.max(ewma, floor) / Math.max(baseline, floor);
        if (!Double.isNaN(p90) && !Double.isNaN(p90Baseline)) {
            ratio = Math.max(ratio, Math.max(p90, floor) / Math.max(p90Baseline, floor));
        }
        return ratio;
    }

    LatencySignal signal() {
        return samples == 0 ? LatencySignal.NONE : new LatencySignal(ewma, p90, baseline, p90Baseline, samples);
    }
}
