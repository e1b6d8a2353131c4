package dev.heimdall.cluster.state;

import dev.heimdall.cluster.lease.LeaseSettings;
import dev.heimdall.cluster.lease.ManualClock;
import dev.heimdall.cluster.lease.TestCluster;
import dev.heimdall.cluster.ledger.LeasedBudgetLedger;
import dev.heimdall.cluster.quota.LeasedQuotaStore;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A cluster for one contract test class, and fresh governance state on its first member for each test: the maps are
 * emptied first, so every test starts from nothing; the state of the previous test is closed. The clock stands at
 * the contract's window, so no window of the test ends while it runs.
 */
final class ContractStates implements AutoCloseable {

    private final TestCluster cluster;
    private final long nowMillis;
    private final List<ClusterGovernanceState> states = new ArrayList<>();

    ContractStates(int members, long nowMillis) {
        this.cluster = TestCluster.of(members);
        this.nowMillis = nowMillis;
    }

    ClusterGovernanceState fresh() {
        closeStates();
        cluster.member(0).getMap(LeasedQuotaStore.MAP).clear();
        cluster.member(0).getMap(LeasedBudgetLedger.MAP).clear();
        ClusterGovernanceState state = ClusterGovernanceState.of(cluster.member(0), Map.of(),
                new ManualClock(nowMillis), LeaseSettings.DEFAULTS);
        states.add(state);
        return state;
    }

    void closeStates() {
        states.forEach(ClusterGovernanceState::close);
        states.clear();
    }

    @Override
    public void close() {
        closeStates();
        cluster.close();
    }
}
