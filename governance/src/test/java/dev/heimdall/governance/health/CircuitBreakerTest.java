package dev.heimdall.governance.health;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class CircuitBreakerTest {

    private static final long SECOND = 1_000_000_000L;
    private final BreakerSettings settings = new BreakerSettings(3, 0.5, 10, Duration.ofSeconds(10), Duration.ofSeconds(1), 2);
    private final CircuitBreaker breaker = new CircuitBreaker(settings);

    @Test
    void opensAfterConsecutiveFailuresOnly() {
        breaker.onFailure(0, 1, 1);
        breaker.onFailure(0, 2, 2);
        breaker.onSuccess(0);
        assertThat(breaker.onFailure(0, 4, 3)).isFalse();
        assertThat(breaker.onFailure(0, 5, 4)).isFalse();
        assertThat(breaker.state(0)).isEqualTo(CircuitState.CLOSED);

        assertThat(breaker.onFailure(0, 6, 5)).isTrue();
        assertThat(breaker.state(0)).isEqualTo(CircuitState.OPEN);
        assertThat(breaker.admits(0)).isFalse();
    }

    @Test
    void opensOnTheFailureRateOnceTheWindowHoldsEnoughCalls() {
        assertThat(breaker.onFailure(0, 9, 5)).as("too few calls to judge").isFalse();
        breaker.onSuccess(0);
        assertThat(breaker.onFailure(0, 10, 4)).as("40% is under the rate").isFalse();
        breaker.onSuccess(0);
        assertThat(breaker.onFailure(0, 10, 5)).isTrue();
    }

    @Test
    void halfOpensAfterTheIntervalAndAdmitsOneProbePerProbeInterval() {
        openAt(0);
        assertThat(breaker.admits(10 * SECOND - 1)).isFalse();

        assertThat(breaker.state(10 * SECOND)).isEqualTo(CircuitState.HALF_OPEN);
        assertThat(breaker.tryAcquire(10 * SECOND)).isTrue();
        assertThat(breaker.admits(10 * SECOND)).as("the probe of this interval is taken").isFalse();
        assertThat(breaker.tryAcquire(11 * SECOND - 1)).isFalse();
        assertThat(breaker.tryAcquire(11 * SECOND)).isTrue();
    }

    @Test
    void successfulProbesCloseIt() {
        openAt(0);
        breaker.tryAcquire(10 * SECOND);
        assertThat(breaker.onSuccess(10 * SECOND)).isFalse();
        assertThat(breaker.state(10 * SECOND)).isEqualTo(CircuitState.HALF_OPEN);
        breaker.tryAcquire(11 * SECOND);
        assertThat(breaker.onSuccess(11 * SECOND)).isTrue();
        assertThat(breaker.state(11 * SECOND)).isEqualTo(CircuitState.CLOSED);
        assertThat(breaker.admits(11 * SECOND)).isTrue();
        assertThat(breaker.onFailure(11 * SECOND, 1, 1)).as("the count starts again").isFalse();
    }

    @Test
    void aFailedProbeReopensForAnotherInterval() {
        openAt(0);
        breaker.tryAcquire(10 * SECOND);
        assertThat(breaker.onFailure(10 * SECOND, 1, 1)).isTrue();
        assertThat(breaker.state(19 * SECOND)).isEqualTo(CircuitState.OPEN);
        assertThat(breaker.state(20 * SECOND)).isEqualTo(CircuitState.HALF_OPEN);
    }

    @Test
    void lateResultsOfRequestsSentBeforeItOpenedChangeNothing() {
        openAt(0);
        assertThat(breaker.onSuccess(SECOND)).isFalse();
        assertThat(breaker.onFailure(2 * SECOND, 10, 10)).isFalse();
        assertThat(breaker.state(10 * SECOND)).as("the interval was not extended").isEqualTo(CircuitState.HALF_OPEN);
    }

    private void openAt(long nanos) {
        for (int i = 1; i <= 3; i++) {
            breaker.onFailure(nanos, i, i);
        }
        assertThat(breaker.state(nanos)).isEqualTo(CircuitState.OPEN);
    }
}
