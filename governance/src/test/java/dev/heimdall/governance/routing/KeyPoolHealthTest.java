package dev.heimdall.governance.routing;

import dev.heimdall.governance.health.BreakerSettings;
import dev.heimdall.governance.health.HealthSettings;
import dev.heimdall.governance.health.KeyHealth;
import dev.heimdall.governance.health.LocalHealthBoard;
import dev.heimdall.governance.health.Observation;
import dev.heimdall.governance.health.TargetId;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.random.RandomGenerator;

import static org.assertj.core.api.Assertions.assertThat;

class KeyPoolHealthTest {

    private final KeyPool pool = new KeyPool(List.of(
            new KeyOption("a", 1, List.of()), new KeyOption("b", 1, List.of()), new KeyOption("mini", 1, List.of("gpt-4o-mini"))));
    private final AtomicLong now = new AtomicLong();
    private final LocalHealthBoard board = new LocalHealthBoard(new HealthSettings(Duration.ofSeconds(30), 100, 10, 1.5,
            Duration.ofMillis(50), Duration.ofMinutes(5), new BreakerSettings(3, 0.5, 20, Duration.ofSeconds(10),
            Duration.ofSeconds(1), 2)), now::get);
    private final KeyHealth health = board.keys();
    private final RandomGenerator random = new SplittableRandom(3);

    private int choose(String model, String pinned, String avoid) {
        return pool.choose("openai", model, pinned, avoid, random, board, now.get());
    }

    @Test
    void skipsCoolingAndDeadKeys() {
        health.coolDown("openai", "a", "gpt-4o", Duration.ofSeconds(1));
        for (int i = 0; i < 50; i++) {
            assertThat(choose("gpt-4o", null, null)).isEqualTo(1);
        }
        health.markDead("openai", "b");
        assertThat(choose("gpt-4o", null, null)).isEqualTo(-1);
        assertThat(choose("gpt-4o-mini", null, null)).isIn(0, 2);
        assertThat(choose("gpt-4o", "b", null)).isEqualTo(-1);
    }

    @Test
    void skipsAKeyWhoseCircuitIsOpenButStillCountsItAsUsable() {
        for (int i = 0; i < 3; i++) {
            board.observe(Observation.failure(new TargetId("openai", "a", "gpt-4o")));
        }
        for (int i = 0; i < 50; i++) {
            assertThat(choose("gpt-4o", null, null)).isEqualTo(1);
        }
        assertThat(pool.hasUsable("openai", "gpt-4o", "a", health, now.get())).isTrue();
        assertThat(pool.hasOtherAdmitted("openai", "gpt-4o", null, "b", board, now.get())).isFalse();
        assertThat(pool.healthFactor("openai", "gpt-4o", null, board, now.get())).isEqualTo(0.5);
    }

    @Test
    void avoidsTheKeyThatJustFailedWhileAnotherServes() {
        for (int i = 0; i < 50; i++) {
            assertThat(choose("gpt-4o", null, "a")).isEqualTo(1);
        }
        health.markDead("openai", "b");
        assertThat(choose("gpt-4o", null, "a")).as("the only key left is used even so").isZero();
    }

    @Test
    void healthFactorsWeighTheKeys() {
        TargetId a = new TargetId("openai", "a", "gpt-4o");
        // five failures of a quiet key (its rate is over at least min-samples 10): factor 0.5 ... just under the
        // three in a row that would open its circuit, so interleaved with successes
        for (int i = 0; i < 5; i++) {
            board.observe(Observation.failure(a));
            board.observe(Observation.success(a, -1, -1));
        }
        assertThat(board.factor("openai", "a", "gpt-4o", now.get())).isEqualTo(0.5);
        int picksOfA = 0;
        for (int i = 0; i < 10_000; i++) {
            picksOfA += choose("gpt-4o", null, null) == 0 ? 1 : 0;
        }
        // weights 1 x 0.5 and 1 x 1: a third of the traffic
        assertThat(picksOfA / 10_000.0).isBetween(0.313, 0.353);
    }

    @Test
    void reportsTheShortestCooldownOrMinusOneWhenAllAreDead() {
        health.coolDown("openai", "a", "gpt-4o", Duration.ofSeconds(3));
        health.coolDown("openai", "b", "gpt-4o", Duration.ofSeconds(1));
        assertThat(pool.shortestCooldownNanos("openai", "gpt-4o", null, health, 0)).isEqualTo(1_000_000_000L);
        assertThat(pool.shortestCooldownNanos("openai", "gpt-4o", "a", health, 0)).isEqualTo(3_000_000_000L);

        health.markDead("openai", "b");
        assertThat(pool.shortestCooldownNanos("openai", "gpt-4o", null, health, 0)).isEqualTo(3_000_000_000L);
        health.markDead("openai", "a");
        assertThat(pool.shortestCooldownNanos("openai", "gpt-4o", null, health, 0)).isEqualTo(-1);
    }
}
