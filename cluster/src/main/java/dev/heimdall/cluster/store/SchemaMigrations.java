package dev.heimdall.cluster.store;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;

/**
 * Brings the database schema to the version this build expects, with Flyway: each migration runs once, in order,
 * and is recorded in the database, so opening the store again changes nothing. On PostgreSQL Flyway holds an
 * advisory lock while it migrates, so nodes starting together migrate once.
 */
final class SchemaMigrations {

    private SchemaMigrations() {
    }

    static void apply(StorageConfig config, Dialect dialect) {
        try {
            Flyway.configure(SchemaMigrations.class.getClassLoader())
                    .dataSource(config.url(), config.user(), config.password())
                    .locations(dialect.migrations())
                    .failOnMissingLocations(true)
                    .load()
                    .migrate();
        } catch (FlywayException e) {
            throw new StorageException("cannot migrate the storage schema at " + config.url() + ": " + e.getMessage(), e);
        }
    }
}
