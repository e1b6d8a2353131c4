package dev.heimdall.node;

import dev.heimdall.governance.budget.BudgetLedger;
import dev.heimdall.governance.budget.BudgetWindows;
import dev.heimdall.governance.budget.LocalBudgetLedger;
import dev.heimdall.governance.keys.GovernanceSnapshot;
import dev.heimdall.governance.limits.LocalQuotaStore;
import dev.heimdall.governance.limits.QuotaStore;
import dev.heimdall.governance.store.EntityKind;
import dev.heimdall.governance.store.GovernanceChange;
import dev.heimdall.governance.store.GovernanceChangeListener;
import dev.heimdall.governance.store.GovernanceStore;
import dev.heimdall.cluster.membership.ClusterMember;
import dev.heimdall.cluster.state.ClusterGovernanceState;
import dev.heimdall.cluster.store.GovernanceStores;
import dev.heimdall.governance.budget.LedgerKey;
import dev.heimdall.node.config.StorageConfig;
import dev.heimdall.node.governance.AuditLog;
import dev.heimdall.node.governance.StateWriter;
import dev.heimdall.node.governance.StoreSeeder;
import dev.heimdall.node.governance.UsageRollup;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
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
 * The governance state of a node: the durable store, the key snapshot built from it, the counters rate limits
 * and budgets are charged to, and the audit log (in the store's database). The snapshot is rebuilt after every change to a customer, team, access profile or
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
    private final AuditLog audit;
    private final AtomicReference<GovernanceSnapshot> keys = new AtomicReference<>(GovernanceSnapshot.EMPTY);
    private final List<GovernanceChangeListener> listeners = new CopyOnWriteArrayList<>();
    /** Tells the other nodes of the cluster about this node's writes. */
    private volatile GovernanceChangeListener peers = change -> { };
    private final Map<LedgerKey, Long> storedSpend = new HashMap<>();
    private final UsageRollup usage = new UsageRollup();
    private static final long WRITE_INTERVAL_MILLIS = 1_000;
    private StateWriter writer;
    /** The cluster-wide counters and ledger, or null when this node counts alone. */
    private volatile ClusterGovernanceState shared;
    private Vertx vertx;
    /** Longer than the longest budget period (a quarter) and any sensible rolling window. */
    private static final Duration SPEND_HISTORY = Duration.ofDays(100);

    /** @param store closed with this object, after the audit log */
    public NodeGovernance(GovernanceStore store, QuotaStore quotas, BudgetLedger ledger, BudgetWindows windows,
                          AuditLog audit) {
        this.store = store;
        this.quotas = quotas;
        this.ledger = ledger;
        this.windows = windows;
        this.audit = audit;
    }

    /**
     * A node's governance state on one machine: the configured database (a SQLite file by default), seeded with the
     * entities the config file declares, single-node counters, and a ledger that starts from the spend the database
     * holds. Blocking: call it off the event loops.
     *
     * @throws dev.heimdall.node.config.ConfigException when a seeded entity is not valid
     */
    public static NodeGovernance open(HeimdallConfig config, Clock clock) {
        return open(config, clock, null);
    }

    /**
     * @param member the cluster this node is a member of: with a {@code cluster:} section rate limits and budgets
     *               are counted cluster-wide by quota leasing; alone (or null) they are kept in this process
     */
    public static NodeGovernance open(HeimdallConfig config, Clock clock, ClusterMember member) {
        StorageConfig storage = config.governance().storage();
        dev.heimdall.cluster.store.StorageConfig database = new dev.heimdall.cluster.store.StorageConfig(storage.url(),
                storage.user(), storage.password(), storage.poolSize());
        GovernanceStore store = GovernanceStores.open(database, clock);
        NodeGovernance governance = null;
        try {
            StoreSeeder.seed(store, config.governance().seeds(), storage.seed(), clock);
            Map<LedgerKey, Long> spent = store.loadSpend(clock.millis() - SPEND_HISTORY.toMillis());
            // a node configured alone keeps its counters in process: the leased stores' first grant is asynchronous,
            // and a lone node gains nothing from leasing from itself
            ClusterGovernanceState shared = member == null || member.isAlone() ? null
                    : ClusterGovernanceState.of(member.hazelcast(), spent, clock);
            governance = new NodeGovernance(store, shared == null ? new LocalQuotaStore() : shared.quotas(),
                    shared == null ? new LocalBudgetLedger(spent) : shared.ledger(),
                    new BudgetWindows(config.timeZone()),
                    AuditLog.open(config.audit(), store.audit(), database.dataDirectory(), clock));
            governance.shared = shared;
            governance.storedSpend.putAll(spent);
            try {
                governance.keys.set(GovernanceSnapshots.load(store));
            } catch (IllegalArgumentException e) {
                throw new IllegalStateException("the stored governance entities are not consistent: " + e.getMessage(), e);
            }
            return governance;
        } catch (RuntimeException e) {
            if (governance != null) {
                governance.close();
            } else {
                store.close();
            }
            throw e;
        }
    }

    /** Where settled requests' usage is summed until the state writer stores it. */
    public UsageRollup usage() {
        return usage;
    }

    /**
     * Starts writing usage and spend to the store every second, on a worker thread, and deleting expired audit
     * records daily.
     */
    void startWriting(Vertx vertx) {
        this.vertx = vertx;
        writer = new StateWriter(vertx, store, usage, ledger, WRITE_INTERVAL_MILLIS).startingFrom(storedSpend);
        writer.start();
        audit.start(vertx);
    }

    /** Stops the periodic writes after a last one, so everything settled so far is stored. */
    Future<Void> stopWriting() {
        Future<Void> written = writer == null ? Future.succeededFuture() : writer.close();
        // unused leases and budget blocks go back while this node is still a member, so the others' shares grow
        ClusterGovernanceState leases = shared;
        shared = null;
        if (leases == null || vertx == null) {
            return written;
        }
        return written.transform(done -> vertx.executeBlocking(() -> {
            leases.close();
            return null;
        }));
    }

    /** Writes usage and spend now (tests read the store right after requests). */
    public Future<Void> flush() {
        return writer == null ? Future.succeededFuture() : writer.flush();
    }

    public GovernanceStore store() {
        return store;
    }

    /** The audit log the pipeline and the admin API record through. */
    public AuditLog audit() {
        return audit;
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

    /**
     * Adds a listener told after every write through the admin API, this node's or (in a cluster) another's, after
     * the key snapshot is rebuilt.
     */
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
            apply(change);
            peers.changed(change);
        };
    }

    /** From now on, tells {@code peers} about every write made through this node's admin API. */
    void shareChangesWith(GovernanceChangeListener peers) {
        this.peers = peers;
    }

    /**
     * Another node of the cluster wrote to the store all nodes share: rebuilds what the change touches, as after a
     * write here. Blocking.
     */
    void changedOnPeer(GovernanceChange change) {
        apply(change);
    }

    private void apply(GovernanceChange change) {
        if (KEY_KINDS.contains(change.kind())) {
            refreshKeys();
        }
        listeners.forEach(listener -> listener.changed(change));
    }

    /** Writes the queued audit records (blocking), then closes the store. */
    @Override
    public void close() {
        try {
            audit.close();
        } finally {
            store.close();
        }
    }
}
