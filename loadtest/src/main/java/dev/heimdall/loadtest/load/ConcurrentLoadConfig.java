package dev.heimdall.loadtest.load;

import java.time.Duration;

/**
 * A closed-loop load: {@code concurrency} clients, each sending its next request as soon as the previous one is
 * answered. Used for saturation throughput and for holding a number of streams open.
 *
 * @param request     what each client sends
 * @param concurrency clients, and connections in the pool
 * @param warmup      period whose results are discarded
 * @param duration    measured period, after the warm-up; no request starts after it
 * @param maxRequests upper bound on requests started, warm-up included
 * @param timeout     per-request idle timeout; also how long the run waits for requests in flight at the end
 */
public record ConcurrentLoadConfig(RequestSpec request, int concurrency, Duration warmup, Duration duration,
                                   long maxRequests, Duration timeout) {

    public ConcurrentLoadConfig {
        if (concurrency < 1 || concurrency > 100_000) {
            throw new IllegalArgumentException("concurrency must be in 1..100000, got " + concurrency);
        }
        if (warmup.isNegative()) {
            throw new IllegalArgumentException("warmup must be >= 0, got " + warmup);
        }
        if (duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException("duration must be > 0, got " + duration);
        }
        if (maxRequests < 1) {
            throw new IllegalArgumentException("maxRequests must be >= 1, got " + maxRequests);
        }
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be > 0, got " + timeout);
        }
    }

    /** The longest a run of this config can take: warm-up, duration and the wait for stragglers, plus slack. */
    public Duration bound() {
        return warmup.plus(duration).plus(timeout).plusSeconds(10);
    }
}
