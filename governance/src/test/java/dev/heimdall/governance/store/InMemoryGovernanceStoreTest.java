package dev.heimdall.governance.store;

import java.time.Clock;

class InMemoryGovernanceStoreTest extends GovernanceStoreContract {

    @Override
    protected GovernanceStore openEmpty(Clock clock) {
        return new InMemoryGovernanceStore(clock);
    }
}
