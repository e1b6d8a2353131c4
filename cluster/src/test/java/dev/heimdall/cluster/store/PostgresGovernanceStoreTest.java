package dev.heimdall.cluster.store;

import org.junit.jupiter.api.AfterAll;

class PostgresGovernanceStoreTest extends JdbcGovernanceStoreContract {

    private static final LocalPostgres POSTGRES = new LocalPostgres();

    @AfterAll
    static void dropSchema() {
        POSTGRES.dropSchema();
    }

    @Override
    protected StorageConfig newDatabase() {
        return POSTGRES.emptySchema(4);
    }
}
