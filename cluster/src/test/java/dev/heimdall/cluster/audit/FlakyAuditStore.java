package dev.heimdall.cluster.audit;

import dev.heimdall.governance.audit.AuditPage;
import dev.heimdall.governance.audit.AuditQuery;
import dev.heimdall.governance.audit.AuditRecord;
import dev.heimdall.governance.audit.AuditStore;
import dev.heimdall.governance.audit.InMemoryAuditStore;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/** An audit store whose database can go down, hang, or fail after committing, as a real one does. */
final class FlakyAuditStore implements AuditStore {

    enum Mode { UP, DOWN, FAIL_AFTER_COMMIT, HANG }

    private final InMemoryAuditStore records = new InMemoryAuditStore();
    private final AtomicInteger offered = new AtomicInteger();
    private volatile Mode mode = Mode.UP;
    private volatile CountDownLatch hang = new CountDownLatch(0);

    void mode(Mode next) {
        if (next == Mode.HANG) {
            hang = new CountDownLatch(1);
        } else {
            hang.countDown();
        }
        mode = next;
    }

    /** Records offered to insert, counting each offer of the same record. */
    int offered() {
        return offered.get();
    }

    /** Every stored record's id. */
    List<String> stored() {
        List<String> ids = new ArrayList<>();
        AuditQuery query = AuditQuery.between(0, Long.MAX_VALUE, AuditQuery.MAX_LIMIT);
        for (AuditPage page = records.page(query); ; page = records.page(query.after(page.next()))) {
            page.records().forEach(record -> ids.add(record.id()));
            if (page.next() == null) {
                return ids;
            }
        }
    }

    AuditRecord stored(String id) {
        return records.page(new AuditQuery(0, Long.MAX_VALUE, null, null, null, null, null, null, null, "req-" + id,
                null, 1)).records().get(0);
    }

    @Override
    public int insert(List<AuditRecord> batch) {
        offered.addAndGet(batch.size());
        switch (mode) {
            case DOWN -> throw new IllegalStateException("connection refused");
            case HANG -> {
                try {
                    hang.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return records.insert(batch);
            }
            case FAIL_AFTER_COMMIT -> {
                records.insert(batch);
                throw new IllegalStateException("connection reset after commit");
            }
            default -> {
                return records.insert(batch);
            }
        }
    }

    @Override
    public AuditPage page(AuditQuery query) {
        return records.page(query);
    }

    @Override
    public int deleteBefore(long cutoffMillis, int max) {
        return records.deleteBefore(cutoffMillis, max);
    }
}
