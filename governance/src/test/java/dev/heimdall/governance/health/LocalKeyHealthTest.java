package dev.heimdall.governance.health;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

class LocalKeyHealthTest {

    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final LocalKeyHealth health = new LocalKeyHealth(now::get);

    @Test
    void aFreshKeyIsUsable() {
        assertThat(health.usable("openai", "a", "gpt-4o", now.get())).isTrue();
        assertThat(health.cooldownRemainingNanos("openai", "a", "gpt-4o", now.get())).isZero();
    }

    @Test
    void aCooldownHoldsForItsModelOnlyAndEnds() {
        health.coolDown("openai", "a", "gpt-4o", Duration.ofSeconds(2));

        assertThat(health.usable("openai", "a", "gpt-4o", now.get())).isFalse();
        assertThat(health.usable("openai", "a", "gpt-4o-mini", now.get())).isTrue();
        assertThat(health.usable("openai", "b", "gpt-4o", now.get())).isTrue();
        assertThat(health.usable("azure", "a", "gpt-4o", now.get())).isTrue();
        assertThat(health.cooldownRemainingNanos("openai", "a", "gpt-4o", now.get() + 500_000_000L))
                .isEqualTo(1_500_000_000L);

        long later = now.get() + Duration.ofSeconds(2).toNanos();
        assertThat(health.usable("openai", "a", "gpt-4o", later - 1)).isFalse();
        assertThat(health.usable("openai", "a", "gpt-4o", later)).isTrue();
    }

    @Test
    void aShorterCooldownDoesNotCutALongerOne() {
        health.coolDown("openai", "a", "gpt-4o", Duration.ofSeconds(5));
        health.coolDown("openai", "a", "gpt-4o", Duration.ofSeconds(1));

        assertThat(health.cooldownRemainingNanos("openai", "a", "gpt-4o", now.get())).isEqualTo(5_000_000_000L);

        now.addAndGet(Duration.ofSeconds(1).toNanos());
        health.coolDown("openai", "a", "gpt-4o", Duration.ofSeconds(10));
        assertThat(health.cooldownRemainingNanos("openai", "a", "gpt-4o", now.get())).isEqualTo(10_000_000_000L);
    }

    @Test
    void aDeadKeyStaysDeadForEveryModel() {
        health.markDead("openai", "a");

        assertThat(health.dead("openai", "a")).isTrue();
        assertThat(health.dead("openai", "b")).isFalse();
        assertThat(health.usable("openai", "a", "gpt-4o", now.get() + Duration.ofDays(1).toNanos())).isFalse();
        assertThat(health.usable("openai", "a", "other", now.get())).isFalse();
        assertThat(health.usable("openai", "b", "gpt-4o", now.get())).isTrue();
    }
}
