package dev.heimdall.loadtest.bench.proc;

/**
 * CPU time of a process tree at one moment.
 *
 * @param ticks    user plus kernel time of every process in the tree, clock ticks
 * @param atNanos  {@link System#nanoTime()} when it was read
 */
public record CpuSample(long ticks, long atNanos) {

    /**
     * CPU time per request between two samples, in microseconds: the ticks spent, converted with
     * {@code ticksPerSecond}, divided by the requests served in between. NaN when no request was served.
     */
    public static double microsPerRequest(CpuSample before, CpuSample after, long requests, long ticksPerSecond) {
        if (requests <= 0) {
            return Double.NaN;
        }
        return cpuMicros(before, after, ticksPerSecond) / requests;
    }

    /** The share of one core the tree used between two samples, in percent. */
    public static double busyPercent(CpuSample before, CpuSample after, long ticksPerSecond) {
        long wallNanos = after.atNanos - before.atNanos;
        if (wallNanos <= 0) {
            return Double.NaN;
        }
        return cpuMicros(before, after, ticksPerSecond) * 1000.0 / wallNanos * 100.0;
    }

    private static double cpuMicros(CpuSample before, CpuSample after, long ticksPerSecond) {
        if (ticksPerSecond <= 0) {
            throw new IllegalArgumentException("ticksPerSecond must be > 0, got " + ticksPerSecond);
        }
        return (after.ticks - before.ticks) * 1e6 / ticksPerSecond;
    }
}
