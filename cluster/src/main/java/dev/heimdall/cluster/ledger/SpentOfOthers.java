package dev.heimdall.cluster.ledger;

import com.hazelcast.projection.Projection;
import dev.heimdall.cluster.lease.Holding;
import dev.heimdall.cluster.lease.LeaseLine;

import java.util.HashMap;
import java.util.Map;

/**
 * Each line's settled spend, with the asking node's holdings apart (for the ones it still holds, it knows better:
 * including what it has not reported yet). Computed on the members that own the lines; only the sums travel.
 *
 * @param holderPrefix what the asking node's holder ids start with
 */
record SpentOfOthers(String holderPrefix) implements Projection<Map.Entry<String, LeaseLine>, LineSpent> {

    @Override
    public LineSpent transform(Map.Entry<String, LeaseLine> entry) {
        LeaseLine line = entry.getValue();
        long others = line.base();
        Map<String, Long> mine = new HashMap<>();
        for (Map.Entry<String, Holding> holding : line.holders().entrySet()) {
            if (holding.getKey().startsWith(holderPrefix)) {
                mine.put(holding.getKey(), holding.getValue().spent());
            } else {
                others += holding.getValue().spent();
            }
        }
        return new LineSpent(entry.getKey(), others, mine);
    }
}
