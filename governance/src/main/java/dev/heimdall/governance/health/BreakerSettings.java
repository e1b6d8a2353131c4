package dev.heimdall.governance.health;

import java.time.Duration;
import java.util.Objects;

/**
 * When a circuit opens and how it closes again.
 *
 * @param consecutiveFailures failures in a row that open the circuit
 * @param failureRate         the share of failed calls in the recent window that opens it (0..1] ...
 * @param minimumCalls        ... once the window holds at least this many calls
 * @param openFor             how long an open circuit refuses traffic before it lets probes through
 * @param probeInterval       a half-open circuit admits one probe request per interval
 * @param probesToClose       probes in a row that must succeed to close the circuit; one failure reopens it
 */
public record BreakerSettings(int consecutiveFailures, double failureRate, int minimumCalls, Duration openFor,
                              Duration probeInterval, int probesToClose) {

    public static final BreakerSettings DEFAULT =
            new BreakerSettings(5, 0.5, 20, Duration.ofSeconds(10), Duration.ofSeconds(1), 2);

    public BreakerSettings {
        Objects.requireNonNull(openFor, "openFor");
        Objects.requireNonNull(probeInterval, "probeInterval");
        if (consecutiveFailures < 1 || minimumCalls < 1 || probesToClose < 1) {
            throw new IllegalArgumentException("counts must be at least 1");
        }
        if (!(failureRate > 0 && failureRate <= 1)) {
            throw new IllegalArgumentException("failure rate must be in (0, 1], got " + failureRate);
        }
        if (openFor.isNegative() || probeInterval.isNegative()) {
            throw new IllegalArgumentException("durations must not be negative");
        }
    }
}
