package dev.heimdall.loadtest.bench.report;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * The median of several runs with the smallest and largest value: the median resists one disturbed run, and the
 * range shows how far the runs disagreed.
 *
 * @param median the median (the mean of the two middle values for an even count)
 * @param min    the smallest value
 * @param max    the largest value
 * @param runs   how many values
 */
public record Spread(double median, double min, double max, int runs) {

    public static Spread of(List<Double> values) {
        if (values.isEmpty()) {
            throw new IllegalArgumentException("a spread needs at least one value");
        }
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int n = sorted.size();
        double median = n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
        return new Spread(median, sorted.get(0), sorted.get(n - 1), n);
    }

    /** {@code median} alone for one run, else {@code median (min–max)}, with {@code decimals} decimals. */
    public String format(int decimals, boolean signed) {
        String f = "%" + (signed ? "+" : "") + "." + decimals + "f";
        String m = String.format(Locale.ROOT, f, median);
        if (runs == 1) {
            return m;
        }
        return m + " (" + String.format(Locale.ROOT, f, min) + " – " + String.format(Locale.ROOT, f, max) + ")";
    }
}
