package dev.heimdall.cluster.lease;

import java.io.Serializable;
import java.util.HashMap;
import java.util.Map;

/**
 * The cluster's copy of one counter window or budget line, stored in an {@code IMap} entry and changed only by entry
 * processors on its partition owner. {@code base} is spend from before any holding: what the database held when the
 * cluster started. Holdings are kept per store, never summed into one number, so that a late or repeated report
 * replaces what it reported before and two halves of a split cluster merge without counting anything twice.
 */
public record LeaseLine(long base, Map<String, Holding> holders) implements Serializable {

    public static final LeaseLine EMPTY = new LeaseLine(0, Map.of());

    public LeaseLine with(String holder, Holding holding) {
        Map<String, Holding> next = new HashMap<>(holders);
        next.put(holder, holding);
        return new LeaseLine(base, next);
    }

    /** The totals of every holding except {@code holder}'s, base included. */
    public LineTotals othersOf(String holder, long nowMillis) {
        long claimed = base;
        long spent = base;
        long inFlight = 0;
        for (Map.Entry<String, Holding> entry : holders.entrySet()) {
            if (!entry.getKey().equals(holder)) {
                Holding holding = entry.getValue();
                claimed += holding.claimed(nowMillis);
                spent += holding.spent();
                inFlight += holding.inFlight(nowMillis);
            }
        }
        return new LineTotals(claimed, spent, inFlight);
    }

    /**
     * The line after the two halves of a split cluster meet again. Each store reported to one half only, so its newer
     * report (by sequence number) is its whole truth; the base is the same on both sides unless one was seeded later.
     */
    public LeaseLine merge(LeaseLine other) {
        Map<String, Holding> merged = new HashMap<>(holders);
        other.holders.forEach((holder, theirs) -> merged.merge(holder, theirs,
                (mine, incoming) -> incoming.seq() > mine.seq() ? incoming : mine));
        return new LeaseLine(Math.max(base, other.base), merged);
    }
}
