package dev.heimdall.governance.health;

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
    private final long[] latencyScratch;
    private final long[] firstTokenScratch;
    private int next;
    private int size;

    RecentWindow(long windowNanos, int capacity) {
        this.windowNanos = windowNanos;
        this.at = new long[capacity];
        this.outcomes = new Observation.Outcome[capacity];
        this.latencies = new long[capacity];
        this.firstTokens = new long[capacity];
        this.latencyScratch = new long[capacity];
        this.firstTokenScratch = new long[capacity];
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
        int latencySamples = 0;
        int firstTokenSamples = 0;
        for (int i = 0; i < size; i++) {
            if (nowNanos - at[i] > windowNanos) {
                continue;
            }
            calls++;
            if (outcomes[i] == Observation.Outcome.FAILURE) {
                failures++;
            } else if (outcomes[i] == Observation.Outcome.RATE_LIMITED) {
                limited++;
            }
            if (latencies[i] >= 0) {
                latencyScratch[latencySamples++] = latencies[i];
            }
            if (firstTokens[i] >= 0) {
                firstTokenScratch[firstTokenSamples++] = firstTokens[i];
            }
        }
        return new Stats(calls, failures, limited, p90(latencyScratch, latencySamples), latencySamples,
                p90(firstTokenScratch, firstTokenSamples), firstTokenSamples);
    }

    /** The nearest-rank 90th percentile of the first {@code n} values, or -1 when there are none. */
    static long p90(long[] values, int n) {
        return n == 0 ? -1 : select(values, n, (int) Math.ceil(0.9 * n) - 1);
    }

    /**
     * The {@code k}-th smallest of the first {@code n} values (reordering them): Hoare's quickselect, linear on
     * average, so that every observation can afford it.
     */
    private static long select(long[] values, int n, int k) {
        int lo = 0;
        int hi = n - 1;
        while (lo < hi) {
            long pivot = values[(lo + hi) >>> 1];
            int i = lo;
            int j = hi;
            while (i <= j) {
                while (values[i] < pivot) {
                    i++;
                }
                while (values[j] > pivot) {
                    j--;
                }
                if (i <= j) {
                    long swap = values[i];
                    values[i++] = values[j];
                    values[j--] = swap;
                }
            }
            if (k <= j) {
                hi = j;
            } else if (k >= i) {
                lo = i;
            } else {
                return values[k];
            }
        }
        return values[k];
    }
}
