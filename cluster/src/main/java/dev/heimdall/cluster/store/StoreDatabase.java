package dev.heimdall.cluster.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * The connections of one store: pooled, and split into readers and a writer where the database needs it. SQLite
 * allows one writer at a time, so its writes go through a pool of one connection, which queues them in the JVM
 * rather than letting them collide on the file's lock; in WAL mode its readers go on meanwhile. PostgreSQL takes
 * concurrent writers, so one pool serves both.
 */
final class StoreDatabase implements AutoCloseable {

    /** How long a SQLite connection waits for a lock held outside this pool (another process) before it fails. */
    private static final int SQLITE_BUSY_TIMEOUT_MILLIS = 5_000;
    /**
     * How long a call waits for a connection before it fails: short, so a database that went away is noticed in
     * seconds (the audit log then spills to disk, the admin API answers 500) rather than after Hikari's 30 s.
     */
    private static final long CONNECTION_TIMEOUT_MILLIS = 5_000;

    private final HikariDataSource readers;
    private final HikariDataSource writer;

    private StoreDatabase(HikariDataSource readers, HikariDataSource writer) {
        this.readers = readers;
        this.writer = writer;
    }

    static StoreDatabase open(StorageConfig config, Dialect dialect) {
        return switch (dialect) {
            case SQLITE -> {
                // the writer first: it switches the file to WAL mode, which the readers then find
                HikariDataSource writer = pool(config, dialect, "heimdall-store-writer", 1);
                try {
                    yield new StoreDatabase(pool(config, dialect, "heimdall-store-readers", config.poolSize()), writer);
                } catch (RuntimeException e) {
                    writer.close();
                    throw e;
                }
            }
            case POSTGRESQL -> {
                HikariDataSource shared = pool(config, dialect, "heimdall-store", config.poolSize());
                yield new StoreDatabase(shared, shared);
            }
        };
    }

    /** Runs reads on a pooled connection. */
    <T> T read(SqlWork<T> work) {
        try (Connection connection = readers.getConnection()) {
            return work.run(connection);
        } catch (SQLException e) {
            throw new StorageException("storage read failed: " + e.getMessage(), e);
        }
    }

    /** Runs writes as one transaction: all of them or none. */
    <T> T write(SqlWork<T> work) {
        try (Connection connection = writer.getConnection()) {
            connection.setAutoCommit(false);
            try {
                T result = work.run(connection);
                connection.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new StorageException("storage write failed: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        readers.close();
        writer.close();
    }

    private static HikariDataSource pool(StorageConfig config, Dialect dialect, String name, int size) {
        HikariConfig hikari = new HikariConfig();
        hikari.setPoolName(name);
        hikari.setJdbcUrl(config.url());
        hikari.setUsername(config.user());
        hikari.setPassword(config.password());
        hikari.setMaximumPoolSize(size);
        hikari.setConnectionTimeout(CONNECTION_TIMEOUT_MILLIS);
        if (dialect == Dialect.SQLITE) {
            hikari.addDataSourceProperty("journal_mode", "WAL");
            hikari.addDataSourceProperty("busy_timeout", String.valueOf(SQLITE_BUSY_TIMEOUT_MILLIS));
        } else {
            hikari.addDataSourceProperty("ApplicationName", "heimdall");
        }
        try {
            return new HikariDataSource(hikari);
        } catch (RuntimeException e) {
            throw new StorageException("cannot connect to storage at " + config.url() + ": " + rootMessage(e), e);
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return root.getMessage();
    }
}
