package dev.heimdall.governance.routing;

import dev.heimdall.governance.health.HealthView;
import dev.heimdall.governance.health.KeyHealth;

import java.util.List;
import java.util.random.RandomGenerator;

/**
 * Chooses which of a provider's keys carries a request: weighted among the keys that serve the model, each weight
 * multiplied by the key's health factor for that model.
 */
public final class KeyPool {

    private final List<KeyOption> keys;
    private final double[] weights;

    public KeyPool(List<KeyOption> keys) {
        this.keys = List.copyOf(keys);
        this.weights = this.keys.stream().mapToDouble(KeyOption::weight).toArray();
    }

    public boolean isEmpty() {
        return keys.isEmpty();
    }

    public int size() {
        return keys.size();
    }

    public KeyOption get(int index) {
        return keys.get(index);
    }

    /**
     * By configuration alone.
     *
     * @param pinned a key name the target insists on, or null
     * @return the index of the chosen key, or -1 when none may serve this model
     */
    public int choose(String model, String pinned, RandomGenerator random) {
        boolean[] eligible = new boolean[keys.size()];
        for (int i = 0; i < eligible.length; i++) {
            eligible[i] = serves(keys.get(i), model, pinned);
        }
        return WeightedPick.pick(weights, eligible, random);
    }

    /**
     * Among the keys {@code health} admits (not dead, not cooling down, circuit admitting), weighted by configured
     * weight times health factor.
     *
     * @param avoid a key to leave out if any other is eligible (the one that just failed), or null
     * @return the index of the chosen key, or -1 when no admitted key serves this model
     */
    public int choose(String provider, String model, String pinned, String avoid, RandomGenerator random,
                      HealthView health, long nowNanos) {
        boolean[] eligible = new boolean[keys.size()];
        double[] effective = new double[keys.size()];
        int avoided = -1;
        int others = 0;
        for (int i = 0; i < eligible.length; i++) {
            KeyOption key = keys.get(i);
            eligible[i] = serves(key, model, pinned) && health.admits(provider, key.name(), model, nowNanos);
            if (eligible[i]) {
                effective[i] = weights[i] * health.factor(provider, key.name(), model, nowNanos);
                if (key.name().equals(avoid)) {
                    avoided = i;
                } else {
                    others++;
                }
            }
        }
        if (avoided >= 0 && others > 0) {
            eligible[avoided] = false;
        }
        return WeightedPick.pick(effective, eligible, random);
    }

    /** Whether a key other than {@code except} could carry a request for this model now. */
    public boolean hasOtherAdmitted(String provider, String model, String pinned, String except, HealthView health,
                                    long nowNanos) {
        for (KeyOption key : keys) {
            if (!key.name().equals(except) && serves(key, model, pinned) && key.weight() > 0
                    && health.admits(provider, key.name(), model, nowNanos)) {
                return true;
            }
        }
        return false;
    }

    /** Whether a key serving this model is neither dead nor cooling down (whatever its circuit says). */
    public boolean hasUsable(String provider, String model, String pinned, KeyHealth health, long nowNanos) {
        for (KeyOption key : keys) {
            if (serves(key, model, pinned) && key.weight() > 0 && health.usable(provider, key.name(), model, nowNanos)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The pool's health for this model: the weighted mean of the factors of its usable keys (dead and cooling keys
     * left out, open circuits counting 0); 0 when no key is usable.
     */
    public double healthFactor(String provider, String model, String pinned, HealthView health, long nowNanos) {
        double weighted = 0;
        double total = 0;
        for (int i = 0; i < keys.size(); i++) {
            KeyOption key = keys.get(i);
            if (serves(key, model, pinned) && health.keys().usable(provider, key.name(), model, nowNanos)) {
                weighted += weights[i] * health.factor(provider, key.name(), model, nowNanos);
                total += weights[i];
            }
        }
        return total > 0 ? weighted / total : 0;
    }

    /**
     * When no usable key serves the model: how long until the first of its cooling keys may serve again.
     *
     * @return the shortest remaining cooldown in nanoseconds, or -1 when every key that serves it is dead (or none does)
     */
    public long shortestCooldownNanos(String provider, String model, String pinned, KeyHealth health, long nowNanos) {
        long shortest = -1;
        for (KeyOption key : keys) {
            if (!serves(key, model, pinned) || key.weight() <= 0 || health.dead(provider, key.name())) {
                continue;
            }
            long remaining = health.cooldownRemainingNanos(provider, key.name(), model, nowNanos);
            if (shortest < 0 || remaining < shortest) {
                shortest = remaining;
            }
        }
        return shortest;
    }

    private static boolean serves(KeyOption key, String model, String pinned) {
        return pinned != null ? key.name().equals(pinned) : key.serves(model);
    }
}
