package dev.heimdall.cluster.state;

import dev.heimdall.governance.limits.QuotaStore;
import dev.heimdall.governance.limits.QuotaStoreContract;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The quota store contract against leased counters on a cluster of one, the store on its first member. */
class QuotaContractOnOneMemberTest extends QuotaStoreContract {

    private static ContractStates states;

    @BeforeAll
    static void startCluster() {
        states = new ContractStates(1, WINDOW_START);
    }

    @AfterAll
    static void stopCluster() {
        states.close();
    }

    @Override
    protected QuotaStore newStore() {
        return states.fresh().quotas();
    }
}
