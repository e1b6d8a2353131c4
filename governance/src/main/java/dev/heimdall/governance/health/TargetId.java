package dev.heimdall.governance.health;

/**
 * What health is kept for: one provider key serving one model. Providers rate-limit and fail per key and per model,
 * so a sick deployment behind one key must not take the provider's other keys or models down with it.
 *
 * @param key the key's name (never its value); {@link #NO_KEY} for a provider without keys
 */
public record TargetId(String provider, String key, String model) {

    /** The key name of a provider configured without keys (a local server, say). */
    public static final String NO_KEY = "none";

    @Override
    public String toString() {
        return provider + "/" + key + "/" + model;
    }
}
