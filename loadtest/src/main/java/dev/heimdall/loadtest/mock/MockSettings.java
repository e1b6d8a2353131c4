package dev.heimdall.loadtest.mock;

/**
 * Timing of a running {@link MockProvider}, changeable at runtime from any thread (also through
 * {@code PUT /_mock/settings}). Per-request headers {@code x-mock-latency-ms}, {@code x-mock-ttft-ms} and
 * {@code x-mock-inter-token-ms} override these values for one request.
 */
public final class MockSettings {
    private volatile long latencyMs;
    private volatile long ttftMs;
    private volatile long interTokenMs;

    MockSettings(long latencyMs, long ttftMs, long interTokenMs) {
        this.latencyMs = latencyMs;
        this.ttftMs = ttftMs;
        this.interTokenMs = interTokenMs;
    }

    /** Delay before every non-streaming provider response, in milliseconds. */
    public long latencyMs() {
        return latencyMs;
    }

    public MockSettings latencyMs(long ms) {
        latencyMs = nonNegative(ms, "latencyMs");
        return this;
    }

    /** Delay before the first content event of a stream, in milliseconds. */
    public long ttftMs() {
        return ttftMs;
    }

    public MockSettings ttftMs(long ms) {
        ttftMs = nonNegative(ms, "ttftMs");
        return this;
    }

    /** Delay between two content events of a stream, in milliseconds. */
    public long interTokenMs() {
        return interTokenMs;
    }

    public MockSettings interTokenMs(long ms) {
        interTokenMs = nonNegative(ms, "interTokenMs");
        return this;
    }

    private static long nonNegative(long ms, String name) {
        if (ms < 0) {
            throw new IllegalArgumentException(name + " must be >= 0, got " + ms);
        }
        return ms;
    }
}
