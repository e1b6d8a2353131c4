package dev.heimdall.loadtest.bench.report;

import java.util.List;

/**
 * Whether a sampled quantity (RSS, old generation) grows over a soak. The first fifth of the samples is left out as
 * warm-up (heaps and pools fill up at the start); a least-squares line through the rest gives the rise over the
 * window, and the series is flat when that rise is within {@code max(absolute, relative × mean)}.
 *
 * @param start the fitted value at the first sample used
 * @param end   the fitted value at the last sample
 * @param mean  the mean of the samples used
 * @param flat  whether {@code end - start} is within the tolerance
 */
public record Trend(double start, double end, double mean, boolean flat) {

    /** Rise from start to end of the fitted line. */
    public double rise() {
        return end - start;
    }

    public static Trend of(List<Double> samples, double absolute, double relative) {
        int skip = samples.size() / 5;
        List<Double> used = samples.subList(skip, samples.size());
        int n = used.size();
        if (n == 0) {
            throw new IllegalArgumentException("a trend needs at least one sample");
        }
        double meanX = (n - 1) / 2.0;
        double meanY = used.stream().mapToDouble(Double::doubleValue).average().orElse(0);
        double num = 0;
        double den = 0;
        for (int i = 0; i < n; i++) {
            num += (i - meanX) * (used.get(i) - meanY);
            den += (i - meanX) * (i - meanX);
        }
        double slope = den == 0 ? 0 : num / den;
        double start = meanY - slope * meanX;
        double end = start + slope * (n - 1);
        return new Trend(start, end, meanY, end - start <= Math.max(absolute, relative * Math.abs(meanY)));
    }
}
