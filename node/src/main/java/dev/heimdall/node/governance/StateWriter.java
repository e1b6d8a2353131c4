package dev.heimdall.node.governance;

import dev.heimdall.governance.budget.BudgetLedger;
import dev.heimdall.governance.budget.LedgerKey;
import dev.heimdall.governance.store.GovernanceStore;
import dev.heimdall.governance.store.UsageRecord;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes what the hot path accumulates in memory (usage rollups, budget spend) to the store on a worker thread, every
 * interval and once more at shutdown. Spend is written as absolute values, so a retried write cannot count twice;
 * usage that failed to write goes back into the rollup for the next flush.
 */
public final class StateWriter {

    private static final Logger LOG = LoggerFactory.getLogger(StateWriter.class);

    private final Vertx vertx;
    private final GovernanceStore store;
    private final UsageRollup rollup;
    private final BudgetLedger ledger;
    private final long intervalMillis;
    private final Map<LedgerKey, Long> written = new HashMap<>();
    private long timer = -1;
    private Future<Void> inFlight = Future.succeededFuture();

    public StateWriter(Vertx vertx, GovernanceStore store, UsageRollup rollup, BudgetLedger ledger,
                       long intervalMillis) {
        this.vertx = vertx;
        this.store = store;
        this.rollup = rollup;
        this.ledger = ledger;
        this.intervalMillis = intervalMillis;
    }

    /** Remembers what the store already holds, so the first flush writes only what changed since start-up. */
    public StateWriter startingFrom(Map<LedgerKey, Long> stored) {
        written.putAll(stored);
        return this;
    }

    public void start() {
        timer = vertx.setPeriodic(intervalMillis, id -> flush());
    }

    /** Writes now; flushes never overlap (a call during a flush waits for it and then runs). */
    public synchronized Future<Void> flush() {
        inFlight = inFlight.transform(ignored -> vertx.executeBlocking(() -> {
            writeOnce();
            return null;
        }, false));
        return inFlight;
    }

    public Future<Void> close() {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
        return flush();
    }

    private void writeOnce() {
        List<UsageRecord> usage = rollup.drain();
        if (!usage.isEmpty()) {
            try {
                store.addUsage(usage);
            } catch (RuntimeException e) {
                rollup.restore(usage);
                LOG.warn("usage not written, retrying at the next flush: {}", e.toString());
            }
        }
        Map<LedgerKey, Long> changed = new HashMap<>();
        ledger.spentSnapshot().forEach((key, spent) -> {
            if (!spent.equals(written.get(key))) {
                changed.put(key, spent);
            }
        });
        if (!changed.isEmpty()) {
            try {
                store.saveSpend(changed);
                written.putAll(changed);
            } catch (RuntimeException e) {
                LOG.warn("budget spend not written, retrying at the next flush: {}", e.toString());
            }
        }
    }
}
