package dev.heimdall.cluster.ledger;

import com.hazelcast.core.HazelcastInstance;
import dev.heimdall.cluster.lease.AdmittingMembers;
import dev.heimdall.cluster.lease.LeaseBook;
import dev.heimdall.cluster.lease.LeaseSettings;
import dev.heimdall.cluster.lease.LeaseView;
import dev.heimdall.cluster.lease.LineTotals;
import dev.heimdall.cluster.lease.LocalLease;
import dev.heimdall.governance.budget.BudgetLedger;
import dev.heimdall.governance.budget.LedgerBalance;
import dev.heimdall.governance.budget.LedgerKey;

import java.time.Clock;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The cluster-wide budget ledger: one entry of the {@value #MAP} map per line (owner, budget, period), with a
 * synchronous backup, changed only by entry processors on its partition owner. Nodes lease budget blocks from a line
 * and reserve from them locally, so {@link #tryReserve} is one compare-and-set; settlements are sent every tick.
 *
 * <p>A node that dies mid-request leaves its reservations inside its lease, which stops counting when the member
 * leaves the cluster (the oldest admitting member ends its leases) or at the latest when the lease expires; live
 * nodes keep the leases of reservations in flight alive. What it settled and reported stays; settlements it had not
 * sent yet (at most a tick's worth) are lost with it.
 *
 * <p>The database is the durable copy: the constructor loads the spend it holds into lines the cluster does not hold
 * yet, and {@link #spentSnapshot} gives the cluster-wide settled spend to write back. Budget overshoot is bounded as
 * for rate limits (see {@code LeasedQuotaStore}); a line this node has not heard of since start-up (not in the
 * database, or idle for ten minutes) is decided on its local share until the first answer, a round trip later.
 */
public final class LeasedBudgetLedger implements BudgetLedger, AutoCloseable {

    public static final String MAP = "heimdall.ledger";

    private final LeaseBook<LedgerKey> book;
    private final LedgerLines lines = new LedgerLines();

    /**
     * Blocks while it loads {@code stored} into the cluster (one call per partition owner): build it off any event
     * loop, at start-up.
     *
     * @param stored settled spend per line as the database holds it
     */
    public LeasedBudgetLedger(HazelcastInstance hazelcast, AdmittingMembers members, Clock clock,
                              LeaseSettings settings, Map<LedgerKey, Long> stored) {
        this.book = new LeaseBook<>(hazelcast, MAP, lines, members, clock, settings);
        load(stored);
    }

    @Override
    public boolean tryReserve(LedgerKey key, long amountMicros, long limitMicros) {
        requireNotNegative(amountMicros);
        return book.lease(key).tryReserve(amountMicros, limitMicros, book.clock().millis(), book.members());
    }

    @Override
    public void settle(LedgerKey key, long reservedMicros, long actualMicros) {
        requireNotNegative(reservedMicros);
        requireNotNegative(actualMicros);
        book.lease(key).settle(reservedMicros, actualMicros);
    }

    @Override
    public void release(LedgerKey key, long reservedMicros) {
        requireNotNegative(reservedMicros);
        LocalLease lease = book.existing(key);
        if (lease != null) {
            lease.release(reservedMicros);
        }
    }

    /** Others' spend and reservations as last heard (refreshed in the background when stale), plus this node's. */
    @Override
    public LedgerBalance balance(LedgerKey key) {
        LocalLease lease = book.lease(key);
        lease.refreshIfStale();
        return new LedgerBalance(lease.othersSpent() + lease.settled(), lease.othersInFlight() + lease.open());
    }

    /**
     * The cluster-wide settled spend of every line: one query of the map (it blocks for a round trip to every
     * member: call it from the worker that persists spend, not from an event loop), with the spend of the leases
     * this node holds taken from its local counts, which include settlements not sent yet.
     */
    @Override
    public Map<LedgerKey, Long> spentSnapshot() {
        Set<String> held = new HashSet<>();
        Map<LedgerKey, Long> spent = new HashMap<>();
        book.forEach((key, lease) -> {
            held.add(lease.holder());
            spent.merge(key, lease.settled(), Long::sum);
        });
        for (LineSpent line : book.map().project(new SpentOfOthers(book.holderPrefix()))) {
            long micros = line.othersMicros();
            for (Map.Entry<String, Long> mine : line.mineByHolder().entrySet()) {
                micros += held.contains(mine.getKey()) ? 0 : mine.getValue();
            }
            spent.merge(LedgerLines.parse(line.mapKey()), micros, Long::sum);
        }
        spent.values().removeIf(micros -> micros <= 0);
        return spent;
    }

    /** The leases this node holds, for the cluster views. */
    public List<LeaseView> leases() {
        return book.views();
    }

    /** Returns every unused budget block and sends the last settlements (blocks up to a call timeout). */
    @Override
    public void close() {
        book.close();
    }

    private void load(Map<LedgerKey, Long> stored) {
        if (stored.isEmpty()) {
            return;
        }
        Map<String, LedgerKey> keys = new HashMap<>();
        Map<String, Long> spent = new HashMap<>();
        stored.forEach((key, micros) -> {
            String mapKey = lines.mapKey(key);
            keys.put(mapKey, key);
            spent.put(mapKey, micros);
        });
        Map<String, LineTotals> totals = book.map().executeOnKeys(keys.keySet(),
                new SeedLines(spent, book.clock().millis()));
        totals.forEach((mapKey, lineTotals) -> book.adopt(keys.get(mapKey), lineTotals));
    }

    private static void requireNotNegative(long micros) {
        if (micros < 0) {
            throw new IllegalArgumentException("amount must not be negative: " + micros);
        }
    }
}
