package dev.heimdall.cluster.ledger;

import com.hazelcast.map.EntryProcessor;
import dev.heimdall.cluster.lease.LeaseLine;
import dev.heimdall.cluster.lease.LineTotals;

import java.util.Map;

/**
 * Loads spend the database holds into lines the cluster does not hold yet (the cluster's copy is never older than the
 * database's, so a line it already holds is left alone) and answers each line's totals, which the starting node
 * decides on until its first renewal.
 *
 * @param stored settled spend per line key, as the database holds it
 */
record SeedLines(Map<String, Long> stored, long nowMillis) implements EntryProcessor<String, LeaseLine, LineTotals> {

    @Override
    public LineTotals process(Map.Entry<String, LeaseLine> entry) {
        LeaseLine line = entry.getValue();
        if (line == null) {
            line = LeaseLine.startingAt(stored.getOrDefault(entry.getKey(), 0L), nowMillis);
            entry.setValue(line);
        }
        return line.othersOf("", nowMillis);
    }
}
