package dev.heimdall.cluster;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Waits for a condition by asking it every few milliseconds, never longer than a limit. */
public final class Poll {

    private Poll() {
    }

    /** @return how long the condition took to hold; fails the test when it did not hold within {@code limit} */
    public static Duration until(Duration limit, BooleanSupplier condition) {
        long start = System.nanoTime();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - start > limit.toNanos()) {
                throw new AssertionError("not within " + limit);
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted", e);
            }
        }
        return Duration.ofNanos(System.nanoTime() - start);
    }
}
