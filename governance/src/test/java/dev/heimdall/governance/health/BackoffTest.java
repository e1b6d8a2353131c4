package dev.heimdall.governance.health;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BackoffTest {

    private final Backoff backoff = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(2));

    /** A generator that always answers the largest value below the bound, to see the ceiling itself. */
    private static final RandomGenerator HIGHEST = new RandomGenerator() {
        @Override
        public long nextLong() {
            throw new UnsupportedOperationException();
        }

        @Override
        public long nextLong(long bound) {
            return bound - 1;
        }
    };

    @Test
    void theCeilingDoublesUpToTheMaximum() {
        assertThat(backoff.ceilingNanos(0)).isEqualTo(100_000_000L);
        assertThat(backoff.ceilingNanos(1)).isEqualTo(200_000_000L);
        assertThat(backoff.ceilingNanos(3)).isEqualTo(800_000_000L);
        assertThat(backoff.ceilingNanos(4)).isEqualTo(1_600_000_000L);
        assertThat(backoff.ceilingNanos(5)).isEqualTo(2_000_000_000L);
        assertThat(backoff.ceilingNanos(1_000)).isEqualTo(2_000_000_000L);
    }

    @Test
    void fullJitterSpansZeroToTheCeiling() {
        assertThat(backoff.delayNanos(2, HIGHEST)).isEqualTo(400_000_000L);
        RandomGenerator random = new SplittableRandom(7);
        long min = Long.MAX_VALUE;
        long max = 0;
        for (int i = 0; i < 2_000; i++) {
            long delay = backoff.delayNanos(1, random);
            assertThat(delay).isBetween(0L, 200_000_000L);
            min = Math.min(min, delay);
            max = Math.max(max, delay);
        }
        assertThat(min).as("jitter reaches near zero").isLessThan(20_000_000L);
        assertThat(max).as("jitter reaches near the ceiling").isGreaterThan(180_000_000L);
    }

    @Test
    void rejectsAMaximumBelowTheInitialWait() {
        assertThatThrownBy(() -> new Backoff(Duration.ofSeconds(3), Duration.ofSeconds(2)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
