package dev.heimdall.governance.routing;

import dev.heimdall.governance.health.KeyHealth;

import java.util.List;
import java.util.random.RandomGenerator;

/** Chooses which of a provider's keys carries a request: weighted among the keys that serve the model. */
public final class KeyPool {

    private final List<KeyOption> keys;
    private final int[] weights;

    public KeyPool(List<KeyOption> keys) {
        this.keys = List.copyOf(keys);
        this.weights = this.keys.stream().mapToInt(KeyOption::weight).toArray();
    }

    public boolean isEmpty() {
        return keys.isEmpty();
    }

    public int size() {
        return keys.size();
    }

    /**
     * @param pinned a key name the target insists on, or null
     * @return the index of the chosen key, or -1 when none may serve this model
     */
    public int choose(String model, String pinned, RandomGenerator random) {
        boolean[] eligible = new boolean[keys.size()];
        for (int i = 0; i < eligible.length; i++) {
            KeyOption key = keys.get(i);
            eligible[i] = pinned != null ? key.name().equals(pinned) : key.serves(model);
        }
        return WeightedPick.pick(weights, eligible, random);
    }

    /**
     * Like {@link #choose(String, String, RandomGenerator)}, skipping the keys {@code health} says are cooling down
     * for this model or dead.
     *
     * @return the index of the chosen key, or -1 when no usable key may serve this model
     */
    public int choose(String provider, String model, String pinned, RandomGenerator random, KeyHealth health, long nowNanos) {
        boolean[] eligible = new boolean[keys.size()];
        for (int i = 0; i < eligible.length; i++) {
            KeyOption key = keys.get(i);
            eligible[i] = (pinned != null ? key.name().equals(pinned) : key.serves(model))
                    && health.usable(provider, key.name(), model, nowNanos);
        }
        return WeightedPick.pick(weights, eligible, random);
    }

    /**
     * When no usable key serves the model: how long until the first of its cooling keys may serve again.
     *
     * @return the shortest remaining cooldown in nanoseconds, or -1 when every key that serves it is dead (or none does)
     */
    public long shortestCooldownNanos(String provider, String model, String pinned, KeyHealth health, long nowNanos) {
        long shortest = -1;
        for (KeyOption key : keys) {
            boolean serves = pinned != null ? key.name().equals(pinned) : key.serves(model);
            if (!serves || key.weight() <= 0 || health.dead(provider, key.name())) {
                continue;
            }
            long remaining = health.cooldownRemainingNanos(provider, key.name(), model, nowNanos);
            if (shortest < 0 || remaining < shortest) {
                shortest = remaining;
            }
        }
        return shortest;
    }

    public KeyOption get(int index) {
        return keys.get(index);
    }
}
