package dev.heimdall.node.config;

/**
 * Where governance state (entities, budget spend, usage) is kept: a JDBC URL, {@code jdbc:sqlite:...} by default
 * (a file in the data directory, no set-up) or {@code jdbc:postgresql://...} for clusters.
 *
 * @param seed what the config file's entities do to the store at start-up
 */
public record StorageConfig(String url, String user, String password, int poolSize, SeedMode seed) {

    public static final String DEFAULT_URL = "jdbc:sqlite:data/heimdall.db";

    /** How entities declared in the config file meet the ones already stored. */
    public enum SeedMode {
        /** create what is missing; an entity the admin API changed keeps its stored version */
        KEEP,
        /** the file wins: every entity it declares is written over the stored one */
        OVERWRITE
    }

    public static StorageConfig defaults() {
        return new StorageConfig(DEFAULT_URL, null, null, 4, SeedMode.KEEP);
    }

    @Override
    public String toString() {
        return "StorageConfig[url=" + url + ", user=" + user + ", poolSize=" + poolSize + ", seed=" + seed + "]";
    }
}
