package dev.heimdall.cluster.state;

import dev.heimdall.governance.limits.QuotaStore;
import dev.heimdall.governance.limits.QuotaStoreContract;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The quota store contract against leased counters on a cluster of three, the store on its first member. */
class QuotaContractOnThreeMembersTest extends QuotaStoreContract {

    private static ContractStates states;

    @BeforeAll
    static void startCluster() {
        states = new ContractStates(3, WINDOW_START);
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
