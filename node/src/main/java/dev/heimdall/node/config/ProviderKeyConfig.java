package dev.heimdall.node.config;

import java.util.List;
import java.util.Objects;

/**
 * One API key of a provider. {@link #toString()} never shows the value.
 *
 * @param name   unique within the provider; targets may pin it
 * @param value  the secret sent upstream
 * @param weight the share of traffic this key takes among the keys that may serve a model, at least 1
 * @param models the models this key may serve; empty means all
 */
public record ProviderKeyConfig(String name, String value, int weight, List<String> models) {

    public ProviderKeyConfig {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(value, "value");
        models = List.copyOf(models);
    }

    /** Whether this key may serve {@code model}. */
    public boolean serves(String model) {
        return models.isEmpty() || models.contains(model);
    }

    @Override
    public String toString() {
        return "ProviderKeyConfig[name=" + name + ", value=***, weight=" + weight + ", models=" + models + "]";
    }
}
