package dev.heimdall.cluster.lease;

import java.util.concurrent.locks.LockSupport;

/**
 * A clock that stands at its start until {@link #run} and then runs {@code scale} times faster than real time: a
 * minute window in seconds.
 */
public final class ScaledClock extends MillisClock {

    private final long startMillis;
    private final double scale;
    private volatile long startNanos;
    private volatile boolean running;

    public ScaledClock(long startMillis, double scale) {
        this.startMillis = startMillis;
        this.scale = scale;
    }

    public void run() {
        startNanos = System.nanoTime();
        running = true;
    }

    @Override
    public long millis() {
        return running ? startMillis + (long) ((System.nanoTime() - startNanos) / 1e6 * scale) : startMillis;
    }

    /** Parks until the clock shows {@code millis}. */
    public void awaitMillis(long millis) {
        long ahead;
        while ((ahead = millis - millis()) > 0) {
            LockSupport.parkNanos(Math.max(20_000, (long) (ahead / scale * 1_000_000)));
        }
    }
}
