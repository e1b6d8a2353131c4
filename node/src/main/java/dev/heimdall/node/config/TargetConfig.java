package dev.heimdall.node.config;

import java.util.Objects;

/**
 * A provider and a model name in its own catalogue.
 *
 * @param provider a configured provider's name
 * @param model    the model name sent upstream
 * @param weight   the share of traffic among an alias's targets, 1 by default, 0 to disable
 * @param key      the name of the provider key to use, or {@code null} for any key that serves the model
 */
public record TargetConfig(String provider, String model, int weight, String key) {

    public TargetConfig {
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(model, "model");
    }
}
