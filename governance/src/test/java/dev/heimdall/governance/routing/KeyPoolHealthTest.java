package dev.heimdall.governance.routing;

import dev.heimdall.governance.health.LocalKeyHealth;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

import static org.assertj.core.api.Assertions.assertThat;

class KeyPoolHealthTest {

    private final KeyPool pool = new KeyPool(List.of(
            new KeyOption("a", 1, List.of()), new KeyOption("b", 1, List.of()), new KeyOption("mini", 1, List.of("gpt-4o-mini"))));
    private final LocalKeyHealth health = new LocalKeyHealth(() -> 0L);
    private final RandomGenerator random = new SplittableRandom(3);

    @Test
    void skipsCoolingAndDeadKeys() {
        health.coolDown("openai", "a", "gpt-4o", Duration.ofSeconds(1));
        for (int i = 0; i < 50; i++) {
            assertThat(pool.choose("openai", "gpt-4o", null, random, health, 0)).isEqualTo(1);
        }
        health.markDead("openai", "b");
        assertThat(pool.choose("openai", "gpt-4o", null, random, health, 0)).isEqualTo(-1);
        assertThat(pool.choose("openai", "gpt-4o-mini", null, random, health, 0)).isIn(0, 2);
        assertThat(pool.choose("openai", "gpt-4o", "b", random, health, 0)).isEqualTo(-1);
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
