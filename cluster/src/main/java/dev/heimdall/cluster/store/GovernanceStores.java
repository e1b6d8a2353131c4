package dev.heimdall.cluster.store;

import dev.heimdall.governance.store.GovernanceStore;

import java.time.Clock;

/**
 * Opens the durable governance store a url names: {@code jdbc:sqlite:<file>} (the embedded default; missing
 * directories are created) or {@code jdbc:postgresql://...}. The schema is migrated to this build's version first.
 */
public final class GovernanceStores {

    private GovernanceStores() {
    }

    public static GovernanceStore open(String url) {
        return open(StorageConfig.of(url));
    }

    public static GovernanceStore open(StorageConfig config) {
        return open(config, Clock.systemUTC());
    }

    /** @param clock the time entities are stamped with when written */
    public static GovernanceStore open(StorageConfig config, Clock clock) {
        Dialect dialect = Dialect.of(config.url());
        dialect.prepare(config.url());
        SchemaMigrations.apply(config, dialect);
        return new JdbcGovernanceStore(StoreDatabase.open(config, dialect), clock);
    }
}
