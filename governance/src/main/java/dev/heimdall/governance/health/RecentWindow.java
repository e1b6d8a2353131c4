package dev.heimdall.governance.health;

import java.util.Arrays;

/**
 * The last observations of one target, at most {@code size} and none older than the window: the base of its p90
 * latencies and its error and 429 rates. Not thread-safe; its owner locks.
 */
final class RecentWindow {

    /** What the window holds right now. A p90 is -1 when its series has no sample in the window. */
    record Stats(int calls, int failures, int rateLimited, long latencyP90, int latencySamples, long firstTokenP90,
                 int firstTokenSamples) {
    }

    private final long windowNanos;
    private final long[] at;
    private final Observation.Outcome[] outcomes;
    private final long[] latencies;
    private final long[] firstTokens;
    private final long[] scratch;
    private int next;
    private int size;

    RecentWindow(long windowNanos, int capacity) {
        this.windowNanos = windowNanos;
        this.at = new long[capacity];
        this.outcomes = new Observation.Outcome[capacity];
        this.latencies = new long[capacity];
        this.firstTokens = new long[capacity];
        this.scratch = new long[capacity];
    }

    void add(long nowNanos, Observation observation) {
        at[next] = nowNanos;
        outcomes[next] = observation.outcome();
        latencies[next] = observation.latencyNanos();
        firstTokens[next] = observation.firstTokenNanos();
        next = (next + 1) % at.length;
        size = Math.min(size + 1, at.length);
    }

    void clear() {
        size = 0;
        next = 0;
    }

    Stats stats(long nowNanos) {
        int calls = 0;
        int failures = 0;
        int limited = 0;
        for (int i = 0; i < size; i++) {
            if (nowNanos - at[i] <= windowNanos) {
                calls++;
                if (outcomes[i] == Observation.Outcome.FAILURE) {
                    failures++;
                } else if (outcomes[i] == Observation.Outcome.RATE_LIMITED) {
                    limited++;
                }
            }
        }
        int latencySamples = collect(latencies, nowNanos);
        long latencyP90 = p90(latencySamples);
        int firstTokenSamples = collect(firstTokens, nowNanos);
        long firstTokenP90 = p90(firstTokenSamples);
        return new Stats(calls, failures, limited, latencyP90, latencySamples, firstTokenP90, firstTokenSamples);
    }

    /** Copies the series' measured values within the window into the scratch array; returns how many. */
    private int collect(long[] series, long nowNanos) {
        int n = 0;
        for (int i = 0; i < size; i++) {
            if (series[i] >= 0 && nowNanos - at[i] <= windowNanos) {
                scratch[n++] = series[i];
            }
        }
        return n;
    }

    /** The nearest-rank 90th percentile of the first {@code n} scratch values. */
    private long p90(int n) {
        if (n == 0) {
            return -1;
        }
        Arrays.sort(scratch, 0, n);
        return scratch[(int) Math.ceil(0.9 * n) - 1];
    }
}
