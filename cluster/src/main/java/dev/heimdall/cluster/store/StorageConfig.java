package dev.heimdall.cluster.store;

import java.nio.file.Path;

/**
 * Where durable governance state lives: a JDBC url ({@code jdbc:sqlite:data/heimdall.db} for one node,
 * {@code jdbc:postgresql://host/db} for a cluster), the credentials (null for SQLite) and how many connections to keep.
 */
public record StorageConfig(String url, String user, String password, int poolSize) {

    public static final int DEFAULT_POOL_SIZE = 8;

    public StorageConfig {
        if (url == null || url.isBlank()) {
            throw new IllegalArgumentException("storage url is missing");
        }
        if (poolSize < 1) {
            throw new IllegalArgumentException("storage pool size must be at least 1, got " + poolSize);
        }
    }

    /** A url without credentials and the default pool size. */
    public static StorageConfig of(String url) {
        return new StorageConfig(url, null, null, DEFAULT_POOL_SIZE);
    }

    /**
     * Where this node keeps local files beside its database: the directory of a SQLite file, or {@code data} in the
     * working directory for a server database.
     */
    public Path dataDirectory() {
        return Dialect.of(url) == Dialect.SQLITE
                ? Dialect.sqliteFile(url).toAbsolutePath().getParent() : Path.of("data").toAbsolutePath();
    }

    /** Never prints the password. */
    @Override
    public String toString() {
        return "StorageConfig[url=" + url + ", user=" + user + ", password=" + (password == null ? "none" : "****")
                + ", poolSize=" + poolSize + "]";
    }
}
