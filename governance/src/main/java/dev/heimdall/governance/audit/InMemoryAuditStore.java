package dev.heimdall.governance.audit;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * An {@link AuditStore} in memory, for tests; the durable stores answer alike (the same contract test runs against
 * each).
 */
public final class InMemoryAuditStore implements AuditStore {

    /** The log's order: newest first, then by id descending. */
    static final Comparator<AuditCursor> LOG_ORDER = Comparator.comparingLong(AuditCursor::timeMillis).reversed()
            .thenComparing(AuditCursor::id, Comparator.reverseOrder());

    private final ConcurrentSkipListMap<AuditCursor, AuditRecord> records = new ConcurrentSkipListMap<>(LOG_ORDER);
    private final Set<String> ids = new HashSet<>();

    @Override
    public synchronized int insert(List<AuditRecord> batch) {
        int added = 0;
        for (AuditRecord record : batch) {
            if (ids.add(record.id())) {
                records.put(AuditCursor.of(record), record);
                added++;
            }
        }
        return added;
    }

    @Override
    public AuditPage page(AuditQuery query) {
        List<AuditRecord> page = new ArrayList<>();
        for (AuditRecord record : records.values()) {
            if (query.matches(record)) {
                if (page.size() == query.limit()) {
                    return new AuditPage(page, AuditCursor.of(page.get(page.size() - 1)));
                }
                page.add(record);
            }
        }
        return new AuditPage(page, null);
    }

    @Override
    public synchronized int deleteBefore(long cutoffMillis, int max) {
        List<AuditCursor> old = records.keySet().stream().filter(key -> key.timeMillis() < cutoffMillis)
                .limit(max).toList();
        old.forEach(key -> {
            records.remove(key);
            ids.remove(key.id());
        });
        return old.size();
    }
}
