package dev.heimdall.cluster.ledger;

import com.hazelcast.projection.Projection;
import dev.heimdall.cluster.lease.LeaseLine;

import java.util.Map;

/**
 * Each line's settled spend without one holder's (the asking node adds its own, which it knows better: including
 * what it has not reported yet). Computed on the members that own the lines; only the sums travel.
 */
record SpentOfOthers(String holder) implements Projection<Map.Entry<String, LeaseLine>, LineSpent> {

    @Override
    public LineSpent transform(Map.Entry<String, LeaseLine> entry) {
        return new LineSpent(entry.getKey(), entry.getValue().othersOf(holder, Long.MIN_VALUE).spent());
    }
}
