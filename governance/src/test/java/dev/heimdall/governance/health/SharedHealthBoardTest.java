package dev.heimdall.governance.health;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/** Two nodes' boards kept in step by exchanging digests, as the cluster does a few times a second. */
class SharedHealthBoardTest {

    private static final long MS = 1_000_000L;
    private static final TargetId K = new TargetId("openai", "main", "gpt-4o");
    private static final HealthSettings SETTINGS = new HealthSettings(Duration.ofSeconds(30), 100, 10, 1.5,
            Duration.ofMillis(50), Duration.ofMinutes(5),
            new BreakerSettings(5, 0.5, 20, Duration.ofSeconds(10), Duration.ofSeconds(1), 2));

    /** Each node has its own monotonic clock: they share nothing but the digests. */
    private final AtomicLong clockA = new AtomicLong(5_000 * MS);
    private final AtomicLong clockB = new AtomicLong(987_654 * MS);
    private final SharedHealthBoard a = new SharedHealthBoard(new LocalHealthBoard(SETTINGS, clockA::get), clockA::get);
    private final SharedHealthBoard b = new SharedHealthBoard(new LocalHealthBoard(SETTINGS, clockB::get), clockB::get);

    private void exchange() {
        HealthDigest fromA = a.takeDigest();
        HealthDigest fromB = b.takeDigest();
        b.absorb(fromA);
        a.absorb(fromB);
    }

    private static boolean admits(SharedHealthBoard board, AtomicLong clock) {
        return board.admits(K.provider(), K.key(), K.model(), clock.get());
    }

    @Test
    void aCooldownOnOneNodeCoolsTheKeyOnTheOtherForWhatIsLeftOfIt() {
        a.keys().coolDown(K.provider(), K.key(), K.model(), Duration.ofSeconds(5));
        clockA.addAndGet(1_000 * MS);
        assertThat(admits(b, clockB)).isTrue();

        exchange();

        assertThat(admits(b, clockB)).isFalse();
        assertThat(b.keys().cooldownRemainingNanos(K.provider(), K.key(), K.model(), clockB.get()))
                .isEqualTo(4_000 * MS);
        clockB.addAndGet(4_000 * MS);
        assertThat(admits(b, clockB)).isTrue();
    }

    @Test
    void aCooldownThatEndedBeforeTheDigestIsNotSent() {
        a.keys().coolDown(K.provider(), K.key(), K.model(), Duration.ofMillis(100));
        clockA.addAndGet(200 * MS);

        assertThat(a.takeDigest()).isEqualTo(HealthDigest.EMPTY);
    }

    @Test
    void twoRacingCooldownsKeepTheLaterEnd() {
        a.keys().coolDown(K.provider(), K.key(), K.model(), Duration.ofSeconds(5));
        a.keys().coolDown(K.provider(), K.key(), K.model(), Duration.ofSeconds(1));

        assertThat(a.takeDigest().cooldowns()).containsExactly(new HealthDigest.Cooldown(K, 5_000));
    }

    @Test
    void failuresSeenByOneNodeOpenTheCircuitOnBoth() {
        for (int i = 0; i < 5; i++) {
            a.observe(Observation.failure(K));
        }
        assertThat(b.circuit(K.provider(), K.key(), K.model(), clockB.get())).isEqualTo(CircuitState.CLOSED);

        exchange();

        assertThat(b.circuit(K.provider(), K.key(), K.model(), clockB.get())).isEqualTo(CircuitState.OPEN);
        assertThat(admits(b, clockB)).isFalse();
        assertThat(b.factor(K.provider(), K.key(), K.model(), clockB.get())).isZero();
    }

    @Test
    void probesThatSucceedOnOneNodeCloseTheCircuitOnBoth() {
        for (int i = 0; i < 5; i++) {
            a.observe(Observation.failure(K));
        }
        exchange();
        clockA.addAndGet(10_000 * MS);
        clockB.addAndGet(10_000 * MS);
        assertThat(b.circuit(K.provider(), K.key(), K.model(), clockB.get())).isEqualTo(CircuitState.HALF_OPEN);

        for (int i = 0; i < 2; i++) {
            assertThat(a.tryAcquire(K.provider(), K.key(), K.model(), clockA.get())).isTrue();
            a.observe(Observation.success(K, 100 * MS, -1));
            clockA.addAndGet(1_000 * MS);
        }
        exchange();

        assertThat(b.circuit(K.provider(), K.key(), K.model(), clockB.get())).isEqualTo(CircuitState.CLOSED);
    }

    @Test
    void aRejectedCredentialIsDeadOnEveryNode() {
        a.keys().markDead(K.provider(), K.key());

        exchange();

        assertThat(b.keys().dead(K.provider(), K.key())).isTrue();
        assertThat(admits(b, clockB)).isFalse();
    }

    @Test
    void whatAPeerToldIsNeverPassedOn() {
        a.observe(Observation.rateLimited(K));
        a.keys().coolDown(K.provider(), K.key(), K.model(), Duration.ofSeconds(5));
        a.keys().markDead("anthropic", "main");

        b.absorb(a.takeDigest());

        assertThat(b.takeDigest()).isEqualTo(HealthDigest.EMPTY);
        assertThat(b.targets()).containsExactly(K);
    }

    @Test
    void observationsBeyondTheLimitAreDroppedAndCounted() {
        for (int i = 0; i < SharedHealthBoard.MAX_PENDING_OBSERVATIONS + 10; i++) {
            a.observe(Observation.success(K, 100 * MS, -1));
        }

        assertThat(a.takeDigest().observations()).hasSize(SharedHealthBoard.MAX_PENDING_OBSERVATIONS);
        assertThat(a.droppedObservations()).isEqualTo(10);
        a.observe(Observation.success(K, 100 * MS, -1));
        assertThat(a.takeDigest().observations()).hasSize(1);
    }

    @Test
    void clearingForgetsWhatWasNotSharedYet() {
        a.observe(Observation.failure(K));
        a.keys().coolDown(K.provider(), K.key(), K.model(), Duration.ofSeconds(5));

        a.clear();

        assertThat(a.takeDigest()).isEqualTo(HealthDigest.EMPTY);
        assertThat(admits(a, clockA)).isTrue();
        assertThat(a.targets()).isEmpty();
    }
}
