package dev.heimdall.cluster.store;

import dev.heimdall.governance.audit.AuditStore;
import dev.heimdall.governance.audit.AuditStoreContract;
import dev.heimdall.governance.store.GovernanceStore;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.UUID;

class SqliteAuditStoreTest extends AuditStoreContract {

    @TempDir
    static Path directory;

    private GovernanceStore governance;

    @Override
    protected AuditStore openEmpty() {
        governance = GovernanceStores.open("jdbc:sqlite:" + directory.resolve(UUID.randomUUID() + ".db"));
        return governance.audit();
    }

    @Override
    protected void close() {
        governance.close();
    }
}
