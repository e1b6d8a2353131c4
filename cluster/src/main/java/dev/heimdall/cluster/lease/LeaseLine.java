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
public record LeaseLine(long base, Map<String, Holding> holders, long createdAtMillis) implements Serializable {

    public static LeaseLine startingAt(long base, long nowMillis) {
        return new LeaseLine(base, Map.of(), nowMillis);
    }

    public LeaseLine with(String holder, Holding holding) {
        Map<String, Holding> next = new HashMap<>(holders);
        next.put(holder, holding);
        return new LeaseLine(base, next, createdAtMillis);
    }

    /**
     * What is kept for the admitting members that have not reported on a young line yet: each may be deciding on its
     * first local share (1/n of the limit) right now, since they all start on a new window at about the same time.
     * A line is young for {@code youngMillis} after its first report; a member that first reports later is not waited
     * for.
     */
    public long unseenShares(String holder, long limit, int members, long nowMillis, long youngMillis) {
        if (nowMillis - createdAtMillis >= youngMillis) {
            return 0;
        }
        int seen = 1;
        for (Map.Entry<String, Holding> entry : holders.entrySet()) {
            if (!entry.getKey().equals(holder) && entry.getValue().live(nowMillis)) {
                seen++;
            }
        }
        return Math.max(0, members - seen) * (limit / members);
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
        return new LeaseLine(Math.max(base, other.base), merged, Math.min(createdAtMillis, other.createdAtMillis));
    }
}
