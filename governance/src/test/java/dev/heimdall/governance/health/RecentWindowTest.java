package dev.heimdall.governance.health;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

class RecentWindowTest {

    private static final TargetId TARGET = new TargetId("p", "k", "m");

    @Test
    void p90IsTheNearestRankPercentileOfAnyOrder() {
        SplittableRandom random = new SplittableRandom(5);
        for (int n = 1; n <= 120; n++) {
            long[] values = random.longs(n, 0, 50).toArray();
            long[] sorted = values.clone();
            Arrays.sort(sorted);
            assertThat(RecentWindow.p90(values, n)).as("n=%d", n).isEqualTo(sorted[(int) Math.ceil(0.9 * n) - 1]);
        }
        long[] ascending = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
        assertThat(RecentWindow.p90(ascending, 10)).isEqualTo(9);
        assertThat(RecentWindow.p90(new long[0], 0)).isEqualTo(-1);
    }

    @Test
    void countsOnlyTheLastObservationsWithinTheWindow() {
        RecentWindow window = new RecentWindow(1_000, 4);
        window.add(0, Observation.failure(TARGET));
        window.add(10, Observation.rateLimited(TARGET));
        window.add(20, Observation.success(TARGET, 5, -1));
        window.add(30, Observation.success(TARGET, -1, 7));
        window.add(40, Observation.success(TARGET, 9, -1));

        RecentWindow.Stats stats = window.stats(1_015);
        assertThat(stats.calls()).as("the oldest is overwritten, the next too old").isEqualTo(3);
        assertThat(stats.failures()).isZero();
        assertThat(stats.rateLimited()).isZero();
        assertThat(stats.latencyP90()).isEqualTo(9);
        assertThat(stats.latencySamples()).isEqualTo(2);
        assertThat(stats.firstTokenP90()).isEqualTo(7);
    }
}
