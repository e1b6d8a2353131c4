package dev.heimdall.governance.routing;

/**
 * Where a request may go: a configured provider, the model name that provider expects, and optionally one of the
 * provider's keys (null: any key that serves the model).
 */
public record Target(String provider, String model, int weight, String keyName) {

    public Target {
        if (provider == null || provider.isEmpty() || model == null || model.isEmpty()) {
            throw new IllegalArgumentException("a target needs a provider and a model");
        }
        if (weight < 0) {
            throw new IllegalArgumentException("weight must not be negative: " + weight);
        }
    }

    public static Target of(String provider, String model) {
        return new Target(provider, model, 1, null);
    }

    /** The name clients use for this target directly: {@code provider/model}. */
    public String qualifiedName() {
        return provider + "/" + model;
    }
}
