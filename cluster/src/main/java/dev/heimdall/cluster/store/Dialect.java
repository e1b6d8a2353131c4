package dev.heimdall.cluster.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The databases the store runs on, told apart by their JDBC url, each with its own migration scripts. */
enum Dialect {

    SQLITE("jdbc:sqlite:", "sqlite"),
    POSTGRESQL("jdbc:postgresql:", "postgresql");

    private final String urlPrefix;
    private final String migrationFolder;

    Dialect(String urlPrefix, String migrationFolder) {
        this.urlPrefix = urlPrefix;
        this.migrationFolder = migrationFolder;
    }

    static Dialect of(String url) {
        for (Dialect dialect : values()) {
            if (url.startsWith(dialect.urlPrefix)) {
                return dialect;
            }
        }
        throw new IllegalArgumentException("storage url must start with jdbc:sqlite: (one node) or jdbc:postgresql: "
                + "(a cluster), got " + url);
    }

    /** Flyway location of this database's migrations. */
    String migrations() {
        return "classpath:db/heimdall/" + migrationFolder;
    }

    /** Makes a url openable: SQLite creates a missing database file, but not the directories above it. */
    void prepare(String url) {
        if (this == SQLITE) {
            createParentDirectories(sqliteFile(url));
        }
    }

    /**
     * The file of a SQLite url, so its directory can be created before SQLite opens it (SQLite creates the file, not
     * its directories). An in-memory database is refused: every pooled connection would see a different, empty one.
     */
    static Path sqliteFile(String url) {
        String location = url.substring(SQLITE.urlPrefix.length());
        int query = location.indexOf('?');
        String parameters = query < 0 ? "" : location.substring(query + 1);
        String path = (query < 0 ? location : location.substring(0, query)).replaceFirst("^file:", "");
        if (path.isEmpty() || path.equals(":memory:") || parameters.contains("mode=memory")) {
            throw new IllegalArgumentException("storage url " + url + " names an in-memory SQLite database, which "
                    + "would vanish with its connections: name a file, e.g. jdbc:sqlite:data/heimdall.db");
        }
        return Path.of(path);
    }

    private static void createParentDirectories(Path file) {
        Path parent = file.toAbsolutePath().getParent();
        try {
            Files.createDirectories(parent);
        } catch (IOException e) {
            throw new StorageException("cannot create the storage directory " + parent, e);
        }
    }
}
