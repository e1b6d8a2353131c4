package dev.heimdall.governance.health;

import java.time.Duration;
import java.util.Objects;

/**
 * How observations become a health factor.
 *
 * @param window           how far back the recent window reaches (p90 latencies, error and 429 rates) ...
 * @param windowSize       ... holding at most this many observations
 * @param minSamples       observations a signal needs before it may lower the factor (a cold target is healthy)
 * @param latencyTolerance how many times its own baseline a target's latency may reach before it loses share
 * @param latencyFloor     latencies below this count as this: a fast target's jitter is no signal
 * @param baselineWindow   the time constant with which the baseline follows a lasting change of latency upwards
 *                         (downwards ten times faster), so a slowdown costs share for about this long, then becomes
 *                         the new normal
 * @param breaker          the circuit breaker
 */
public record HealthSettings(Duration window, int windowSize, int minSamples, double latencyTolerance,
                             Duration latencyFloor, Duration baselineWindow, BreakerSettings breaker) {

    public static final HealthSettings DEFAULT = new HealthSettings(Duration.ofSeconds(30), 100, 10, 1.5,
            Duration.ofMillis(50), Duration.ofMinutes(5), BreakerSettings.DEFAULT);

    public HealthSettings {
        Objects.requireNonNull(window, "window");
        Objects.requireNonNull(latencyFloor, "latencyFloor");
        Objects.requireNonNull(baselineWindow, "baselineWindow");
        Objects.requireNonNull(breaker, "breaker");
        if (windowSize < 1 || minSamples < 1) {
            throw new IllegalArgumentException("window size and minimum samples must be at least 1");
        }
        if (!(latencyTolerance >= 1)) {
            throw new IllegalArgumentException("latency tolerance must be at least 1, got " + latencyTolerance);
        }
        if (window.isNegative() || window.isZero() || baselineWindow.isNegative() || baselineWindow.isZero()
                || latencyFloor.isNegative()) {
            throw new IllegalArgumentException("window and baseline window must be positive, the floor not negative");
        }
    }
}
