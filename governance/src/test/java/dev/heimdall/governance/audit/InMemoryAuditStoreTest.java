package dev.heimdall.governance.audit;

class InMemoryAuditStoreTest extends AuditStoreContract {

    @Override
    protected AuditStore openEmpty() {
        return new InMemoryAuditStore();
    }
}
