package dev.heimdall.node;

import dev.heimdall.governance.budget.BudgetLedger;
import dev.heimdall.governance.budget.BudgetWindows;
import dev.heimdall.governance.budget.LocalBudgetLedger;
import dev.heimdall.governance.keys.GovernanceSnapshot;
import dev.heimdall.governance.limits.LocalQuotaStore;
import dev.heimdall.governance.limits.QuotaStore;
import dev.heimdall.governance.store.EntityKind;
import dev.heimdall.governance.store.GovernanceChangeListener;
import dev.heimdall.governance.store.GovernanceStore;
import dev.heimdall.governance.store.InMemoryGovernanceStore;
import dev.heimdall.governance.store.json.GovernanceSnapshots;
import dev.heimdall.node.config.HeimdallConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The governance state of a node: the durable store, the key snapshot built from it, and the counters rate limits
 * and budgets are charged to. The snapshot is rebuilt after every change to a customer, team, access profile or
 * virtual key and swapped in whole: requests see one consistent state, and the old one until the new one is built.
 */
public final class NodeGovernance implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(NodeGovernance.class);
    private static final Set<EntityKind> KEY_KINDS =
            EnumSet.of(EntityKind.CUSTOMER, EntityKind.TEAM, EntityKind.ACCESS_PROFILE, EntityKind.VIRTUAL_KEY);

    private final GovernanceStore store;
    private final QuotaStore quotas;
    private final BudgetLedger ledger;
    private final BudgetWindows windows;
    private final AtomicReference<GovernanceSnapshot> keys = new AtomicReference<>(GovernanceSnapshot.EMPTY);
    private final List<GovernanceChangeListener> listeners = new CopyOnWriteArrayList<>();

    /** @param store closed with this object */
    public NodeGovernance(GovernanceStore store, QuotaStore quotas, BudgetLedger ledger, BudgetWindows windows) {
        this.store = store;
        this.quotas = quotas;
        this.ledger = ledger;
        this.windows = windows;
    }

    /**
     * What a node starts with: an in-memory store (nothing survives a restart; the durable store replaces it once
     * the {@code storage} section is wired) and single-node counters.
     */
    public static NodeGovernance open(HeimdallConfig config) {
        return new NodeGovernance(new InMemoryGovernanceStore(), new LocalQuotaStore(), new LocalBudgetLedger(),
                new BudgetWindows(config.timeZone()));
    }

    public GovernanceStore store() {
        return store;
    }

    public QuotaStore quotas() {
        return quotas;
    }

    public BudgetLedger ledger() {
        return ledger;
    }

    public BudgetWindows windows() {
        return windows;
    }

    /** The current key snapshot; never blocks. */
    public GovernanceSnapshot keys() {
        return keys.get();
    }

    /** Adds a listener told after every write through the admin API (after the key snapshot is rebuilt). */
    public void addListener(GovernanceChangeListener listener) {
        listeners.add(listener);
    }

    /** Rebuilds the key snapshot from the store. Blocking. A store that forms no valid snapshot keeps the old one. */
    void refreshKeys() {
        try {
            keys.set(GovernanceSnapshots.load(store));
        } catch (IllegalArgumentException e) {
            LOG.warn("governance snapshot not rebuilt, keeping the previous one: {}", e.getMessage());
        }
    }

    /** What the admin API tells after a write. Runs on its worker thread. */
    GovernanceChangeListener changes() {
        return change -> {
            if (KEY_KINDS.contains(change.kind())) {
                refreshKeys();
            }
            listeners.forEach(listener -> listener.changed(change));
        };
    }

    @Override
    public void close() {
        store.close();
    }
}
