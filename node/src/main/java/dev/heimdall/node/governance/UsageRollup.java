package dev.heimdall.node.governance;

import dev.heimdall.governance.store.UsageRecord;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Sums usage per (hour, key, provider, model) in memory so the store gets one row per combination and flush, not
 * one write per request. Event loops add concurrently; the writer drains on a worker thread.
 */
public final class UsageRollup {

    private static final long HOUR = 3_600_000L;
    private static final int REQUESTS = 0;
    private static final int INPUT = 1;
    private static final int OUTPUT = 2;
    private static final int CACHED = 3;
    private static final int COST = 4;

    private record Line(long hourStartMillis, String keyId, String teamId, String customerId, String provider,
                        String model) {
    }

    private final ConcurrentHashMap<Line, AtomicLongArray> lines = new ConcurrentHashMap<>();

    public void add(long nowMillis, String keyId, String teamId, String customerId, String provider, String model,
                    long inputTokens, long outputTokens, long cachedTokens, long costMicros) {
        Line line = new Line(nowMillis - Math.floorMod(nowMillis, HOUR), keyId, teamId, customerId, provider, model);
        // compute() makes the add atomic against a concurrent drain removing the same line
        lines.compute(line, (k, sums) -> {
            AtomicLongArray target = sums == null ? new AtomicLongArray(5) : sums;
            target.addAndGet(REQUESTS, 1);
            target.addAndGet(INPUT, inputTokens);
            target.addAndGet(OUTPUT, outputTokens);
            target.addAndGet(CACHED, cachedTokens);
            target.addAndGet(COST, Math.max(0, costMicros));
            return target;
        });
    }

    /** Everything added since the last drain, removed from the rollup. */
    public List<UsageRecord> drain() {
        List<UsageRecord> records = new ArrayList<>(lines.size());
        for (Line line : List.copyOf(lines.keySet())) {
            AtomicLongArray sums = lines.remove(line);
            if (sums != null) {
                records.add(new UsageRecord(line.hourStartMillis, line.keyId, line.teamId, line.customerId,
                        line.provider, line.model, sums.get(REQUESTS), sums.get(INPUT), sums.get(OUTPUT),
                        sums.get(CACHED), sums.get(COST)));
            }
        }
        return records;
    }

    /** Puts drained records back after a failed write, so the next flush retries them. */
    public void restore(List<UsageRecord> records) {
        for (UsageRecord r : records) {
            Line line = new Line(r.hourStartMillis(), r.keyId(), r.teamId(), r.customerId(), r.provider(), r.model());
            lines.merge(line, new AtomicLongArray(new long[] {r.requests(), r.inputTokens(), r.outputTokens(),
                    r.cachedTokens(), r.costMicros()}), (a, b) -> {
                        for (int i = 0; i < a.length(); i++) {
                            a.addAndGet(i, b.get(i));
                        }
                        return a;
                    });
        }
    }
}
