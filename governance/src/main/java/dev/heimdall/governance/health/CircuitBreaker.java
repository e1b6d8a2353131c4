package dev.heimdall.governance.health;

/**
 * A circuit breaker's state machine, over a clock the caller passes in:
 * <pre>
 *   CLOSED    --(consecutive failures, or failure rate over the window)--> OPEN
 *   OPEN      --(open interval over)--> HALF_OPEN
 *   HALF_OPEN --(one probe per probe interval; probesToClose successes in a row)--> CLOSED
 *   HALF_OPEN --(a failure)--> OPEN
 * </pre>
 * The failure rate is the caller's to count (it keeps the window); this class only decides. A half-open circuit
 * admits probes at a rate rather than a number in flight, so a probe whose request is abandoned leaks nothing. Not
 * thread-safe; its owner locks.
 */
public final class CircuitBreaker {

    private final BreakerSettings settings;
    private CircuitState state = CircuitState.CLOSED;
    private int consecutiveFailures;
    private long openedAt;
    private boolean probed;
    private long lastProbeAt;
    private int probeSuccesses;

    public CircuitBreaker(BreakerSettings settings) {
        this.settings = settings;
    }

    /** The state at {@code nowNanos}: an open circuit whose interval is over is half-open. */
    public CircuitState state(long nowNanos) {
        if (state == CircuitState.OPEN && nowNanos - openedAt >= settings.openFor().toNanos()) {
            state = CircuitState.HALF_OPEN;
            probed = false;
            probeSuccesses = 0;
        }
        return state;
    }

    /** Whether a request may go now: always when closed, when a probe is due when half-open, never when open. */
    public boolean admits(long nowNanos) {
        return switch (state(nowNanos)) {
            case CLOSED -> true;
            case HALF_OPEN -> probeDue(nowNanos);
            case OPEN -> false;
        };
    }

    /** Like {@link #admits}, and a half-open circuit counts the request as this interval's probe. */
    public boolean tryAcquire(long nowNanos) {
        if (!admits(nowNanos)) {
            return false;
        }
        if (state == CircuitState.HALF_OPEN) {
            probed = true;
            lastProbeAt = nowNanos;
        }
        return true;
    }

    /** A request succeeded; returns true when this closed the circuit. */
    public boolean onSuccess(long nowNanos) {
        switch (state(nowNanos)) {
            case CLOSED -> consecutiveFailures = 0;
            case HALF_OPEN -> {
                if (++probeSuccesses >= settings.probesToClose()) {
                    state = CircuitState.CLOSED;
                    consecutiveFailures = 0;
                    return true;
                }
            }
            case OPEN -> {
                // a request sent before the circuit opened: it proves nothing about now
            }
        }
        return false;
    }

    /**
     * A request failed.
     *
     * @param windowCalls    calls in the recent window, this one included
     * @param windowFailures failures among them
     * @return true when this opened the circuit
     */
    public boolean onFailure(long nowNanos, int windowCalls, int windowFailures) {
        switch (state(nowNanos)) {
            case CLOSED -> {
                consecutiveFailures++;
                boolean rateExceeded = windowCalls >= settings.minimumCalls()
                        && windowFailures >= settings.failureRate() * windowCalls;
                if (consecutiveFailures >= settings.consecutiveFailures() || rateExceeded) {
                    open(nowNanos);
                    return true;
                }
            }
            case HALF_OPEN -> {
                open(nowNanos);
                return true;
            }
            case OPEN -> {
                // already open; a late failure does not extend the interval
            }
        }
        return false;
    }

    private boolean probeDue(long nowNanos) {
        return !probed || nowNanos - lastProbeAt >= settings.probeInterval().toNanos();
    }

    private void open(long nowNanos) {
        state = CircuitState.OPEN;
        openedAt = nowNanos;
        consecutiveFailures = 0;
    }
}
