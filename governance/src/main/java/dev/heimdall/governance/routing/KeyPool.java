package dev.heimdall.governance.routing;

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

    public KeyOption get(int index) {
        return keys.get(index);
    }
}
