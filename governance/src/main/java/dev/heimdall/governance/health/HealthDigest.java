package dev.heimdall.governance.health;

import java.util.List;
import java.util.Objects;

/**
 * What one node learned about its upstreams since it last told its peers: the attempts it observed, the keys it put
 * to cool down after a 429, and the keys whose credentials a provider rejected. Peers feed it into their own boards
 * ({@link SharedHealthBoard#absorb}), so every node scores each target from the attempts of all.
 */
public record HealthDigest(List<Observation> observations, List<Cooldown> cooldowns, List<DeadKey> deadKeys) {

    public static final HealthDigest EMPTY = new HealthDigest(List.of(), List.of(), List.of());

    public HealthDigest {
        observations = List.copyOf(observations);
        cooldowns = List.copyOf(cooldowns);
        deadKeys = List.copyOf(deadKeys);
    }

    /**
     * A key cooling down for a model. The time left rather than an end time: nodes' monotonic clocks have nothing
     * in common, and wall clocks may disagree by more than a cooldown lasts.
     */
    public record Cooldown(TargetId target, long remainingMillis) {

        public Cooldown {
            Objects.requireNonNull(target, "target");
        }
    }

    /** A key whose credential the provider rejected. */
    public record DeadKey(String provider, String key) {

        public DeadKey {
            Objects.requireNonNull(provider, "provider");
            Objects.requireNonNull(key, "key");
        }
    }

    public boolean isEmpty() {
        return observations.isEmpty() && cooldowns.isEmpty() && deadKeys.isEmpty();
    }
}
