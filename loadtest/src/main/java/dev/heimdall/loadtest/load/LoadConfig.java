package dev.heimdall.loadtest.load;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * One open-loop run against one target.
 *
 * @param url         the target
 * @param method      HTTP method, e.g. {@code POST}
 * @param body        request body (may be empty)
 * @param headers     request headers
 * @param rate        intended requests per second
 * @param duration    measured period, after the warm-up
 * @param warmup      period whose results are discarded
 * @param maxRequests upper bound on requests sent, warm-up included
 * @param connections HTTP/1.1 keep-alive connections in the pool
 * @param timeout     per-request idle timeout; also how long the run waits for stragglers at the end
 */
public record LoadConfig(URI url, String method, byte[] body, Map<String, String> headers, double rate,
                         Duration duration, Duration warmup, long maxRequests, int connections, Duration timeout) {

    public LoadConfig {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(method, "method");
        body = body == null ? new byte[0] : body;
        headers = Map.copyOf(headers);
        if (!(rate > 0) || rate > 1_000_000) {
            throw new IllegalArgumentException("rate must be in (0, 1000000] requests/s, got " + rate);
        }
        if (duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException("duration must be > 0, got " + duration);
        }
        if (warmup.isNegative()) {
            throw new IllegalArgumentException("warmup must be >= 0, got " + warmup);
        }
        if (maxRequests < 1) {
            throw new IllegalArgumentException("maxRequests must be >= 1, got " + maxRequests);
        }
        if (connections < 1) {
            throw new IllegalArgumentException("connections must be >= 1, got " + connections);
        }
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be > 0, got " + timeout);
        }
    }

    /** A POST of {@code body} at {@code rate}/s for {@code duration}, no warm-up, 64 connections, 10 s timeout. */
    public static LoadConfig post(URI url, byte[] body, Map<String, String> headers, double rate, Duration duration) {
        return new LoadConfig(url, "POST", body, headers, rate, duration, Duration.ZERO, 10_000_000, 64,
                Duration.ofSeconds(10));
    }

    public LoadConfig duration(Duration duration) {
        return new LoadConfig(url, method, body, headers, rate, duration, warmup, maxRequests, connections, timeout);
    }

    public LoadConfig warmup(Duration warmup) {
        return new LoadConfig(url, method, body, headers, rate, duration, warmup, maxRequests, connections, timeout);
    }

    public LoadConfig maxRequests(long maxRequests) {
        return new LoadConfig(url, method, body, headers, rate, duration, warmup, maxRequests, connections, timeout);
    }

    public LoadConfig connections(int connections) {
        return new LoadConfig(url, method, body, headers, rate, duration, warmup, maxRequests, connections, timeout);
    }

    public LoadConfig timeout(Duration timeout) {
        return new LoadConfig(url, method, body, headers, rate, duration, warmup, maxRequests, connections, timeout);
    }

    /** Requests the schedule holds: rate x (warm-up + duration), capped by {@link #maxRequests()}. */
    public long plannedRequests() {
        double seconds = (warmup.toNanos() + duration.toNanos()) / 1e9;
        return Math.min(maxRequests, Math.max(1, (long) Math.floor(rate * seconds)));
    }
}
