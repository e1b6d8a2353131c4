package dev.heimdall.governance.routing;

import java.util.random.RandomGenerator;

/** Weighted random choice over non-negative integer weights. */
public final class WeightedPick {

    private WeightedPick() {
    }

    /**
     * Picks an index with probability weight / total among the entries with {@code eligible[i]} set (all when null).
     *
     * @return the index, or -1 when no eligible entry has a positive weight
     */
    public static int pick(int[] weights, boolean[] eligible, RandomGenerator random) {
        long total = 0;
        for (int i = 0; i < weights.length; i++) {
            if (eligible == null || eligible[i]) {
                total += weights[i];
            }
        }
        if (total <= 0) {
            return -1;
        }
        long point = random.nextLong(total);
        for (int i = 0; i < weights.length; i++) {
            if (eligible == null || eligible[i]) {
                point -= weights[i];
                if (point < 0) {
                    return i;
                }
            }
        }
        throw new IllegalStateException("unreachable: weights changed during pick");
    }
}
