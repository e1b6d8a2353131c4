package dev.heimdall.governance.health;

import java.time.Duration;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * Exponential backoff with full jitter: retry {@code n} (from 0) waits a uniformly random time in
 * [0, min(max, initial * 2^n)], so clients retrying together after one outage spread out instead of stampeding.
 */
public record Backoff(Duration initial, Duration max) {

    public Backoff {
        Objects.requireNonNull(initial, "initial");
        Objects.requireNonNull(max, "max");
        if (initial.isNegative() || max.compareTo(initial) < 0) {
            throw new IllegalArgumentException("expected 0 <= initial <= max, got " + initial + " and " + max);
        }
    }

    /** The cap of retry {@code retry}'s wait, before jitter. */
    public long ceilingNanos(int retry) {
        long ceiling = initial.toNanos();
        long max = this.max.toNanos();
        for (int i = 0; i < retry && ceiling < max; i++) {
            ceiling = ceiling > max / 2 ? max : ceiling * 2;
        }
        return Math.min(ceiling, max);
    }

    /** The wait before retry {@code retry}, in nanoseconds. */
    public long delayNanos(int retry, RandomGenerator random) {
        long ceiling = ceilingNanos(retry);
        return ceiling == 0 ? 0 : random.nextLong(ceiling + 1);
    }
}
