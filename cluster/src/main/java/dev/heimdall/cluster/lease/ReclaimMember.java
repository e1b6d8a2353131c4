package dev.heimdall.cluster.lease;

import com.hazelcast.map.EntryProcessor;
import com.hazelcast.map.ExtendedMapEntry;

import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Ends the leases of a member that left the cluster, on every line: its unused permits and its unsettled
 * reservations stop counting at once instead of when the leases would have expired. What it settled stays.
 */
public record ReclaimMember(UUID member) implements EntryProcessor<String, LeaseLine, Void> {

    @Override
    public Void process(Map.Entry<String, LeaseLine> entry) {
        LeaseLine line = entry.getValue();
        if (line == null) {
            return null;
        }
        Map<String, Holding> holders = null;
        for (Map.Entry<String, Holding> holding : line.holders().entrySet()) {
            if (member.equals(holding.getValue().member()) && holding.getValue().expiresAtMillis() != Long.MIN_VALUE) {
                holders = holders == null ? new HashMap<>(line.holders()) : holders;
                holders.put(holding.getKey(), holding.getValue().expired());
            }
        }
        if (holders != null) {
            ((ExtendedMapEntry<String, LeaseLine>) entry)
                    .setValueWithoutChangingExpiryTime(new LeaseLine(line.base(), holders, line.createdAtMillis()));
        }
        return null;
    }
}
