package dev.heimdall.node.config;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One API key of a provider. {@link #toString()} never shows the value.
 *
 * @param name   unique within the provider; targets may pin it
 * @param value  the secret sent upstream
 * @param weight the share of traffic this key takes among the keys that may serve a model, at least 1
 * @param models the models this key may serve; empty means all
 * @param credentials credentials other than a plain API key, by name: {@code access-key-id},
 *                    {@code secret-access-key}, {@code session-token} (AWS), {@code service-account} (a Google
 *                    service-account JSON, inline or a file path), {@code bearer-token} (e.g. Entra ID), and the
 *                    key's own {@code region}; secrets all, never shown
 * @param deployments model name to Azure deployment name; a model not listed uses its own name
 */
public record ProviderKeyConfig(String name, String value, int weight, List<String> models,
                                Map<String, String> credentials, Map<String, String> deployments) {

    public static final String ACCESS_KEY_ID = "access-key-id";
    public static final String SECRET_ACCESS_KEY = "secret-access-key";
    public static final String SESSION_TOKEN = "session-token";
    public static final String SERVICE_ACCOUNT = "service-account";
    public static final String BEARER_TOKEN = "bearer-token";
    public static final String REGION = "region";

    public ProviderKeyConfig {
        Objects.requireNonNull(name, "name");
        models = List.copyOf(models);
        credentials = credentials == null ? Map.of() : Map.copyOf(credentials);
        deployments = deployments == null ? Map.of() : Map.copyOf(deployments);
        if (value == null && credentials.isEmpty()) {
            throw new IllegalArgumentException("key " + name + " has neither a value nor other credentials");
        }
    }

    public ProviderKeyConfig(String name, String value, int weight, List<String> models) {
        this(name, value, weight, models, Map.of(), Map.of());
    }

    /** A credential other than the plain value, or null. */
    public String credential(String kind) {
        return credentials.get(kind);
    }

    /** Whether this key may serve {@code model}. */
    public boolean serves(String model) {
        return models.isEmpty() || models.contains(model);
    }

    @Override
    public String toString() {
        return "ProviderKeyConfig[name=" + name + ", value=***, weight=" + weight + ", models=" + models
                + ", credentials=" + credentials.keySet() + ", deployments=" + deployments + "]";
    }
}
