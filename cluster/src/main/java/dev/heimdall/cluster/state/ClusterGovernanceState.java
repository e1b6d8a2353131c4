package dev.heimdall.cluster.state;

import com.hazelcast.config.Config;
import com.hazelcast.config.InMemoryFormat;
import com.hazelcast.config.MapConfig;
import com.hazelcast.config.MergePolicyConfig;
import com.hazelcast.core.HazelcastInstance;
import dev.heimdall.cluster.lease.AdmittingMembers;
import dev.heimdall.cluster.lease.LeaseLineMerge;
import dev.heimdall.cluster.lease.LeaseSettings;
import dev.heimdall.cluster.ledger.LeasedBudgetLedger;
import dev.heimdall.cluster.quota.LeasedQuotaStore;
import dev.heimdall.governance.budget.LedgerKey;

import java.time.Clock;
import java.util.List;
import java.util.Map;

/**
 * The cluster-wide governance state of one node: its {@link LeasedQuotaStore} (rate limits) and {@link
 * LeasedBudgetLedger} (budgets), which replace the single-node {@code LocalQuotaStore} and {@code LocalBudgetLedger}.
 *
 * <p>Lifecycle: {@link #of} registers the node as one that admits requests, makes sure the maps are configured (a
 * synchronous backup, the merge policy that adds up both halves after a split), and loads the stored spend into the
 * ledger lines the cluster does not hold yet; it blocks for those calls, so build it at start-up, off any event loop,
 * after the Hazelcast member joined. {@link #close} (on drain or shutdown, before Hazelcast shuts down) returns every
 * unused lease and budget block, sends the last settlements and leaves the admitting members, so the other nodes'
 * shares grow at once; it blocks for at most a call timeout per store. A node that dies without closing loses its
 * leases when the cluster notices it left, or at the latest when they expire.
 */
public final class ClusterGovernanceState implements AutoCloseable {

    private final AdmittingMembers members;
    private final LeasedQuotaStore quotas;
    private final LeasedBudgetLedger ledger;

    private ClusterGovernanceState(AdmittingMembers members, LeasedQuotaStore quotas, LeasedBudgetLedger ledger) {
        this.members = members;
        this.quotas = quotas;
        this.ledger = ledger;
    }

    /** @param storedSpend settled spend per budget line, as the database holds it */
    public static ClusterGovernanceState of(HazelcastInstance hazelcast, Map<LedgerKey, Long> storedSpend,
                                            Clock clock) {
        return of(hazelcast, storedSpend, clock, LeaseSettings.DEFAULTS);
    }

    public static ClusterGovernanceState of(HazelcastInstance hazelcast, Map<LedgerKey, Long> storedSpend,
                                            Clock clock, LeaseSettings settings) {
        for (MapConfig map : mapConfigs()) {
            if (hazelcast.getConfig().getMapConfigOrNull(map.getName()) == null) {
                hazelcast.getConfig().addMapConfig(map);
            }
        }
        AdmittingMembers members = AdmittingMembers.join(hazelcast);
        LeasedQuotaStore quotas = new LeasedQuotaStore(hazelcast, members, clock, settings);
        try {
            return new ClusterGovernanceState(members, quotas,
                    new LeasedBudgetLedger(hazelcast, members, clock, settings, storedSpend));
        } catch (RuntimeException e) {
            quotas.close();
            members.close();
            throw e;
        }
    }

    /**
     * Adds the lease maps' configuration to a member's configuration before it starts (what {@link #of} otherwise
     * adds at run time): a synchronous backup and the merge policy that adds up both halves of a split.
     */
    public static Config configure(Config config) {
        mapConfigs().forEach(config::addMapConfig);
        return config;
    }

    public LeasedQuotaStore quotas() {
        return quotas;
    }

    public LeasedBudgetLedger ledger() {
        return ledger;
    }

    /** The members that admit requests as this node counts them: its local share of a limit is 1/that. */
    public int admittingMembers() {
        return members.count();
    }

    @Override
    public void close() {
        try {
            quotas.close();
        } finally {
            try {
                ledger.close();
            } finally {
                members.close();
            }
        }
    }

    private static List<MapConfig> mapConfigs() {
        return List.of(leaseMap(LeasedQuotaStore.MAP), leaseMap(LeasedBudgetLedger.MAP));
    }

    private static MapConfig leaseMap(String name) {
        return new MapConfig(name)
                .setBackupCount(1)
                .setAsyncBackupCount(0)
                .setInMemoryFormat(InMemoryFormat.BINARY)
                .setMergePolicyConfig(new MergePolicyConfig(LeaseLineMerge.class.getName(),
                        MergePolicyConfig.DEFAULT_BATCH_SIZE));
    }
}
