package dev.heimdall.loadtest.bench.sut;

import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Heimdall's in-process overhead histogram ({@code heimdall_overhead_seconds}) as scraped from its Prometheus
 * endpoint. Two scrapes around a run give that run's requests alone: {@link #minus(OverheadHistogram)}.
 *
 * @param count   requests recorded
 * @param sum     their total overhead, seconds
 * @param buckets cumulative count per upper bound, seconds ({@code +Inf} as {@link Double#POSITIVE_INFINITY})
 */
public record OverheadHistogram(long count, double sum, Map<Double, Long> buckets) {
    private static final String NAME = "heimdall_overhead_seconds";
    private static final Pattern BUCKET = Pattern.compile("^" + NAME + "_bucket\\{[^}]*le=\"([^\"]+)\"[^}]*}\\s+(\\S+)");
    public static final OverheadHistogram EMPTY = new OverheadHistogram(0, 0, Map.of());

    public OverheadHistogram {
        buckets = Map.copyOf(buckets);
    }

    public static OverheadHistogram parse(String prometheusText) {
        long count = 0;
        double sum = 0;
        Map<Double, Long> buckets = new TreeMap<>();
        for (String line : prometheusText.lines().toList()) {
            Matcher b = BUCKET.matcher(line);
            if (b.find()) {
                double le = b.group(1).equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(b.group(1));
                buckets.put(le, (long) Double.parseDouble(b.group(2)));
            } else if (line.startsWith(NAME + "_count")) {
                count = (long) Double.parseDouble(last(line));
            } else if (line.startsWith(NAME + "_sum")) {
                sum = Double.parseDouble(last(line));
            }
        }
        return new OverheadHistogram(count, sum, buckets);
    }

    /** What was recorded between {@code earlier} and this scrape. */
    public OverheadHistogram minus(OverheadHistogram earlier) {
        Map<Double, Long> diff = new TreeMap<>();
        buckets.forEach((le, n) -> diff.put(le, n - earlier.buckets.getOrDefault(le, 0L)));
        return new OverheadHistogram(count - earlier.count, sum - earlier.sum, diff);
    }

    /** Mean overhead, µs; NaN when nothing was recorded. */
    public double meanMicros() {
        return count == 0 ? Double.NaN : sum / count * 1e6;
    }

    /**
     * The upper bound (µs) of the first bucket holding the {@code quantile} of the requests: the true value is at
     * most this. NaN when nothing was recorded or it lies in the {@code +Inf} bucket.
     */
    public double quantileBoundMicros(double quantile) {
        if (count == 0) {
            return Double.NaN;
        }
        for (Map.Entry<Double, Long> e : new TreeMap<>(buckets).entrySet()) {
            if (e.getValue() >= quantile * count) {
                return Double.isInfinite(e.getKey()) ? Double.NaN : e.getKey() * 1e6;
            }
        }
        return Double.NaN;
    }

    private static String last(String line) {
        String[] parts = line.trim().split("\\s+");
        return parts[parts.length - 1];
    }
}
