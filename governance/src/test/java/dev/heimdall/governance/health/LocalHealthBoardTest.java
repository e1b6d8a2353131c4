package dev.heimdall.governance.health;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

class LocalHealthBoardTest {

    private static final long MS = 1_000_000L;
    private static final TargetId A = new TargetId("openai", "main", "gpt-4o");

    private final AtomicLong now = new AtomicLong(5_000 * MS);
    private final HealthSettings settings = new HealthSettings(Duration.ofSeconds(30), 100, 10, 1.5,
            Duration.ofMillis(50), Duration.ofMinutes(5),
            new BreakerSettings(5, 0.5, 20, Duration.ofSeconds(10), Duration.ofSeconds(1), 2));
    private final LocalHealthBoard board = new LocalHealthBoard(settings, now::get);

    private double factor() {
        return board.factor(A.provider(), A.key(), A.model(), now.get());
    }

    private CircuitState circuit() {
        return board.circuit(A.provider(), A.key(), A.model(), now.get());
    }

    /** {@code n} answers of {@code millis} each, 100 ms apart. */
    private void answers(int n, long millis) {
        for (int i = 0; i < n; i++) {
            now.addAndGet(100 * MS);
            board.observe(Observation.success(A, millis * MS, -1));
        }
    }

    @Test
    void anUnobservedTargetIsHealthyAndClosed() {
        assertThat(factor()).isEqualTo(1);
        assertThat(circuit()).isEqualTo(CircuitState.CLOSED);
        assertThat(board.snapshot("x", "y", "z", now.get())).isEqualTo(HealthSnapshot.UNOBSERVED);
    }

    @Test
    void steadyLatencyKeepsFullWeight() {
        answers(200, 800);
        assertThat(factor()).isEqualTo(1);
        LatencySignal latency = board.snapshot(A.provider(), A.key(), A.model(), now.get()).latency();
        assertThat(latency.ewma()).isEqualTo(800 * MS, org.assertj.core.data.Offset.offset(1.0));
        assertThat(latency.p90()).isEqualTo(800 * MS);
    }

    @Test
    void latencyClimbingAboveItsBaselineCostsShareBeforeAnyError() {
        answers(50, 800);
        answers(10, 1_600);
        double doubled = factor();
        answers(10, 3_200);
        double quadrupled = factor();

        assertThat(doubled).isLessThan(0.8);
        assertThat(quadrupled).isLessThan(doubled).isLessThan(0.3).isGreaterThanOrEqualTo(HealthScore.MIN_FACTOR);
        HealthSnapshot snapshot = board.snapshot(A.provider(), A.key(), A.model(), now.get());
        assertThat(snapshot.score().failureRate()).isZero();
        assertThat(snapshot.circuit()).isEqualTo(CircuitState.CLOSED);
    }

    @Test
    void aRecoveredTargetGetsItsShareBackAtOnce() {
        answers(50, 800);
        answers(20, 4_000);
        assertThat(factor()).isLessThan(0.3);
        // the window's p90 remembers the slow answers until they are the slowest tenth no more
        answers(100, 800);
        assertThat(factor()).isEqualTo(1);
    }

    @Test
    void aLastingSlowdownBecomesTheNewNormal() {
        answers(50, 800);
        answers(20, 2_000);
        assertThat(factor()).isLessThan(0.7);
        for (int i = 0; i < 30; i++) {
            now.addAndGet(Duration.ofMinutes(1).toNanos());
            board.observe(Observation.success(A, 2_000 * MS, -1));
        }
        assertThat(factor()).isEqualTo(1);
    }

    @Test
    void latenciesUnderTheFloorAreNoSignal() {
        answers(50, 2);
        answers(20, 40);
        assertThat(factor()).isEqualTo(1);
    }

    @Test
    void timeToFirstTokenIsJudgedAgainstItsOwnBaseline() {
        for (int i = 0; i < 50; i++) {
            now.addAndGet(100 * MS);
            board.observe(Observation.success(A, -1, 300 * MS));
            board.observe(Observation.success(A, 5_000 * MS, -1));
        }
        assertThat(factor()).as("slow whole answers and fast first tokens are both normal").isEqualTo(1);
        for (int i = 0; i < 20; i++) {
            now.addAndGet(100 * MS);
            board.observe(Observation.success(A, -1, 1_500 * MS));
        }
        assertThat(factor()).isLessThan(0.3);
    }

    @Test
    void errorsAnd429sLowerTheFactorByTheirRates() {
        answers(18, 800);
        board.observe(Observation.failure(A));
        board.observe(Observation.rateLimited(A));
        HealthScore score = board.snapshot(A.provider(), A.key(), A.model(), now.get()).score();
        assertThat(score.failureRate()).isEqualTo(0.05);
        assertThat(score.rateLimitedRate()).isEqualTo(0.05);
        assertThat(factor()).isEqualTo(0.95 * 0.95, org.assertj.core.data.Offset.offset(1e-9));
    }

    @Test
    void consecutiveFailuresOpenTheCircuitWhichThenAdmitsNothing() {
        answers(20, 800);
        for (int i = 0; i < 5; i++) {
            board.observe(Observation.failure(A));
        }
        assertThat(circuit()).isEqualTo(CircuitState.OPEN);
        assertThat(factor()).isZero();
        assertThat(board.admits(A.provider(), A.key(), A.model(), now.get())).isFalse();
        assertThat(board.tryAcquire(A.provider(), A.key(), A.model(), now.get())).isFalse();
        assertThat(board.admits(A.provider(), "other", A.model(), now.get())).as("other keys are unaffected").isTrue();
    }

    @Test
    void probesCloseTheCircuitAndTheOldFailuresAreForgotten() {
        for (int i = 0; i < 5; i++) {
            board.observe(Observation.failure(A));
        }
        now.addAndGet(Duration.ofSeconds(10).toNanos());
        assertThat(circuit()).isEqualTo(CircuitState.HALF_OPEN);
        assertThat(factor()).as("a probe is due").isPositive();
        assertThat(board.tryAcquire(A.provider(), A.key(), A.model(), now.get())).isTrue();
        assertThat(factor()).as("this interval's probe is out").isZero();
        board.observe(Observation.success(A, 800 * MS, -1));

        now.addAndGet(Duration.ofSeconds(1).toNanos());
        assertThat(board.tryAcquire(A.provider(), A.key(), A.model(), now.get())).isTrue();
        board.observe(Observation.success(A, 800 * MS, -1));

        assertThat(circuit()).isEqualTo(CircuitState.CLOSED);
        assertThat(board.snapshot(A.provider(), A.key(), A.model(), now.get()).score().failureRate()).isZero();
        assertThat(factor()).isEqualTo(1);
    }

    @Test
    void coolingAndDeadKeysAreNotAdmitted() {
        board.keys().coolDown("openai", "main", "gpt-4o", Duration.ofSeconds(1));
        assertThat(board.admits("openai", "main", "gpt-4o", now.get())).isFalse();
        board.keys().markDead("openai", "spare");
        assertThat(board.admits("openai", "spare", "gpt-4o-mini", now.get())).isFalse();

        board.clear();
        assertThat(board.admits("openai", "main", "gpt-4o", now.get())).isTrue();
        assertThat(board.admits("openai", "spare", "gpt-4o-mini", now.get())).isTrue();
    }

    @Test
    void oldObservationsLeaveTheWindow() {
        answers(10, 800);
        for (int i = 0; i < 4; i++) {
            board.observe(Observation.failure(A));
        }
        assertThat(factor()).isLessThan(1);
        now.addAndGet(Duration.ofSeconds(31).toNanos());
        answers(1, 800);
        assertThat(board.snapshot(A.provider(), A.key(), A.model(), now.get()).score().failureRate()).isZero();
    }
}
