package dev.heimdall.cluster.store;

import dev.heimdall.governance.audit.AuditStore;
import dev.heimdall.governance.audit.AuditStoreContract;
import dev.heimdall.governance.store.GovernanceStore;
import org.junit.jupiter.api.AfterAll;

class PostgresAuditStoreTest extends AuditStoreContract {

    private static final LocalPostgres POSTGRES = new LocalPostgres();

    private GovernanceStore governance;

    @AfterAll
    static void dropSchema() {
        POSTGRES.dropSchema();
    }

    @Override
    protected AuditStore openEmpty() {
        governance = GovernanceStores.open(POSTGRES.emptySchema(2));
        return governance.audit();
    }

    @Override
    protected void close() {
        governance.close();
    }
}
