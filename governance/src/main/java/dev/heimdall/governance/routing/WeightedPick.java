package dev.heimdall.governance.routing;

import java.util.random.RandomGenerator;

/** Weighted random choice over non-negative weights. */
public final class WeightedPick {

    private WeightedPick() {
    }

    /**
     * Picks an index with probability weight / total among the entries with {@code eligible[i]} set (all when null).
     *
     * @return the index, or -1 when no eligible entry has a positive weight
     */
    public static int pick(double[] weights, boolean[] eligible, RandomGenerator random) {
        double total = 0;
        int last = -1;
        for (int i = 0; i < weights.length; i++) {
            if ((eligible == null || eligible[i]) && weights[i] > 0) {
                total += weights[i];
                last = i;
            }
        }
        if (last < 0) {
            return -1;
        }
        double point = random.nextDouble() * total;
        for (int i = 0; i < last; i++) {
            if ((eligible == null || eligible[i]) && weights[i] > 0) {
                point -= weights[i];
                if (point < 0) {
                    return i;
                }
            }
        }
        // rounding may leave a sliver of the total past the second-to-last entry: it belongs to the last one
        return last;
    }
}
