package dev.heimdall.cluster.audit;

import dev.heimdall.governance.audit.AdminAudit;
import dev.heimdall.governance.audit.AuditBodies;
import dev.heimdall.governance.audit.AuditRecord;
import dev.heimdall.governance.audit.AuditSink;
import dev.heimdall.governance.audit.AuditStore;
import dev.heimdall.governance.audit.RequestAudit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.function.UnaryOperator;

/**
 * The audit log's way to the database, losing nothing on the way. {@link #accept} (on an event loop) only puts the
 * record into a bounded queue. A writer thread takes batches from it and inserts each in one transaction. When the
 * database is slow or down, the queue fills past half its size (or a write fails) and a spiller thread moves records
 * to the {@link SpillFile} on local disk, forced to disk per batch; so memory stays bounded while the database is
 * away, and a record is only lost when the local disk cannot keep up either (counted in {@link #dropped()}). Once
 * the database answers again, the writer replays the spilled segments between live batches. Records keep the id they
 * were made with and the store skips ids it holds, so a replay after a write whose outcome was unknown stores
 * nothing twice. {@link #close} writes what is queued (to the database, or to the spill file when it is down); the
 * spill file is replayed by the next start.
 */
public final class DurableAuditSink implements AuditSink, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DurableAuditSink.class);
    /** What a record costs in memory beyond its bodies' characters (two bytes each). */
    private static final long RECORD_OVERHEAD_BYTES = 1_024;
    private static final long IDLE_POLL_MILLIS = 100;
    private static final long SPILLER_PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

    private final AuditStore store;
    private final SpillFile spill;
    private final UnaryOperator<AuditRecord> prepare;
    private final AuditQueueSettings settings;
    private final ArrayBlockingQueue<AuditRecord> queue;
    private final AtomicLong queuedBytes = new AtomicLong();
    private final LongAdder accepted = new LongAdder();
    private final LongAdder stored = new LongAdder();
    private final LongAdder spilled = new LongAdder();
    private final LongAdder replayed = new LongAdder();
    private final LongAdder dropped = new LongAdder();
    private final Thread writer;
    private final Thread spiller;
    /** The database failed; no write is tried before {@link #retryAtNanos}. */
    private volatile boolean databaseDown;
    private volatile long retryAtNanos;
    /** close() was called: write what is queued, then stop. */
    private volatile boolean closing;
    /** close() ran out of time: the spiller takes everything left, the writer stops after its current batch. */
    private volatile boolean abandoning;
    private volatile boolean stopped;

    /**
     * @param spillDirectory where records wait while the database is away (created if missing); segments found there
     *                       are replayed first
     * @param prepare        applied to each record before it is stored or spilled, on the writer's or spiller's
     *                       thread (the body policy)
     * @throws UncheckedIOException when the spill directory cannot be used
     */
    public DurableAuditSink(AuditStore store, Path spillDirectory, UnaryOperator<AuditRecord> prepare,
                            AuditQueueSettings settings) {
        this.store = store;
        this.prepare = prepare;
        this.settings = settings;
        this.queue = new ArrayBlockingQueue<>(settings.capacity());
        try {
            this.spill = new SpillFile(spillDirectory, settings.segmentRecords());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot use the audit spill directory " + spillDirectory, e);
        }
        if (spill.pending() > 0) {
            LOG.info("audit log: {} records wait in {} from an earlier run; replaying them", spill.pending(),
                    spillDirectory);
        }
        this.writer = new Thread(this::writeLoop, "heimdall-audit-writer");
        this.spiller = new Thread(this::spillLoop, "heimdall-audit-spiller");
        writer.setDaemon(true);
        spiller.setDaemon(true);
        writer.start();
        spiller.start();
    }

    /** Queues the record; never blocks. */
    @Override
    public void accept(AuditRecord record) {
        if (stopped) {
            appendAfterClose(record);
            return;
        }
        long size = estimatedBytes(record);
        if (queuedBytes.get() + size > settings.maxBytes() || !queue.offer(record)) {
            dropped.increment();
            long total = dropped.sum();
            if ((total & (total - 1)) == 0) {
                LOG.error("audit log: a record was dropped because neither the database nor the spill directory "
                        + "keeps up ({} dropped so far)", total);
            }
            return;
        }
        queuedBytes.addAndGet(size);
        accepted.increment();
        if (aboveHighWater()) {
            LockSupport.unpark(spiller);
        }
    }

    /**
     * Writes everything queued (to the database, or to the spill file while it is down) and stops; waits at most
     * {@code timeout}, after which what is left goes to the spill file.
     */
    @Override
    public void close() {
        close(Duration.ofSeconds(30));
    }

    public void close(Duration timeout) {
        closing = true;
        LockSupport.unpark(spiller);
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            writer.join(Math.max(1, timeout.toMillis()));
            if (writer.isAlive()) {
                LOG.warn("audit log: the database did not take the queued records within {}; spilling the rest",
                        timeout);
                abandoning = true;
                LockSupport.unpark(spiller);
            }
            // the local disk gets what is left of the time, and at least a few seconds
            spiller.join(Math.max(5_000, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
            if (spiller.isAlive()) {
                LOG.error("audit log: the spill directory did not take the last {} records in time", queue.size());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        stopped = true;
        // a record that slipped in while the threads were stopping
        for (AuditRecord left = queue.poll(); left != null; left = queue.poll()) {
            appendAfterClose(left);
        }
        try {
            spill.close();
        } catch (IOException e) {
            LOG.warn("audit log: closing the spill file failed: {}", e.toString());
        }
    }

    /** Records accepted into the queue. */
    public long accepted() {
        return accepted.sum();
    }

    /** Records the database took from the queue (a replay's are in {@link #replayed()}). */
    public long stored() {
        return stored.sum();
    }

    /** Records written to the spill file. */
    public long spilled() {
        return spilled.sum();
    }

    /** Records read back from the spill file into the database. */
    public long replayed() {
        return replayed.sum();
    }

    /** Records lost because the queue was full: the database and the local disk both fell behind. */
    public long dropped() {
        return dropped.sum();
    }

    /** Records in the queue now. */
    public int queued() {
        return queue.size();
    }

    /** Records in the spill file now. */
    public long pendingSpill() {
        return spill.pending();
    }

    /** Whether the last write to the database failed. */
    public boolean databaseDown() {
        return databaseDown;
    }

    // ---- the writer thread

    private void writeLoop() {
        while (!abandoning) {
            if (databaseDown && System.nanoTime() < retryAtNanos) {
                if (closing) {
                    // the spiller takes what is queued; the spill file waits for the next start
                    break;
                }
                LockSupport.parkNanos(Math.min(retryAtNanos - System.nanoTime(), SPILLER_PARK_NANOS * 4));
                continue;
            }
            // live records first; spilled ones while the queue is short (also the probe after a failure)
            if (spill.pending() > 0 && queue.size() < settings.batchSize() && !closing && replaySegments(1)) {
                continue;
            }
            List<AuditRecord> batch = take(closing ? 0 : IDLE_POLL_MILLIS);
            if (!batch.isEmpty()) {
                write(batch);
            } else if (closing) {
                if (spill.pending() > 0 && !databaseDown) {
                    replaySegments(Integer.MAX_VALUE);
                }
                break;
            }
        }
        LockSupport.unpark(spiller);
    }

    /** Inserts a batch; when the database fails it goes to the spill file instead. */
    private void write(List<AuditRecord> batch) {
        try {
            stored.add(store.insert(batch));
            recovered();
        } catch (RuntimeException e) {
            failed(e, batch.size());
            spillOrHold(batch);
        }
    }

    /**
     * Replays up to {@code segments} sealed spill segments into the database.
     *
     * @return whether the database failed meanwhile (the caller then waits before writing again)
     */
    private boolean replaySegments(int segments) {
        List<Path> sealed;
        try {
            sealed = spill.pending() > 0 ? spill.seal() : List.of();
        } catch (IOException e) {
            LOG.error("audit log: cannot list the spill segments: {}", e.toString());
            return false;
        }
        for (Path segment : sealed.subList(0, Math.min(segments, sealed.size()))) {
            if (abandoning) {
                return false;
            }
            try {
                int count = SpillFile.read(segment, settings.batchSize(), batch -> replayed.add(store.insert(batch)));
                recovered();
                spill.delete(segment, count);
            } catch (IOException e) {
                quarantine(segment, e);
                return false;
            } catch (RuntimeException e) {
                // the segment stays; its records that did get in are skipped when it is replayed again
                failed(e, 0);
                return true;
            }
        }
        return false;
    }

    /** A segment that cannot be read is set aside for an operator rather than tried again and again. */
    private void quarantine(Path segment, IOException cause) {
        try {
            Path aside = spill.setAside(segment);
            LOG.error("audit log: cannot read the spill segment {} ({}); moved to {} for an operator",
                    segment.getFileName(), cause.toString(), aside.getFileName());
        } catch (IOException e) {
            LOG.error("audit log: cannot read the spill segment {} ({}) nor set it aside ({})", segment.getFileName(),
                    cause.toString(), e.toString());
        }
    }

    private void failed(RuntimeException e, int records) {
        if (!databaseDown) {
            LOG.warn("audit log: the database failed {} ({}); records go to the spill file until it answers again",
                    records > 0 ? "to store " + records + " records" : "a replay", rootCause(e));
        }
        databaseDown = true;
        retryAtNanos = System.nanoTime() + settings.retryInterval().toNanos();
        LockSupport.unpark(spiller);
    }

    private void recovered() {
        if (databaseDown) {
            databaseDown = false;
            LOG.info("audit log: the database answers again{}", spill.pending() > 0
                    ? "; replaying " + spill.pending() + " spilled records" : "");
        }
    }

    // ---- the spiller thread

    private void spillLoop() {
        while (true) {
            boolean writerGone = closing && !writer.isAlive();
            if (abandoning || writerGone || databaseDown || aboveHighWater()) {
                List<AuditRecord> batch = take(0);
                if (!batch.isEmpty()) {
                    spillOrHold(batch);
                    continue;
                }
                if (abandoning || writerGone) {
                    return;
                }
            }
            LockSupport.parkNanos(SPILLER_PARK_NANOS);
        }
    }

    /** Appends to the spill file; retries while the disk fails, holding the batch (the queue then fills). */
    private void spillOrHold(List<AuditRecord> batch) {
        for (long wait = 10; ; wait = Math.min(wait * 2, 1_000)) {
            try {
                spill.append(batch);
                spilled.add(batch.size());
                return;
            } catch (IOException e) {
                LOG.error("audit log: cannot write the spill file ({}); retrying", e.toString());
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(wait));
            }
        }
    }

    // ---- shared

    /** Up to a batch from the queue, prepared; waits at most {@code waitMillis} for the first record. */
    private List<AuditRecord> take(long waitMillis) {
        List<AuditRecord> taken = new ArrayList<>(Math.min(settings.batchSize(), 64));
        try {
            AuditRecord first = waitMillis > 0 ? queue.poll(waitMillis, TimeUnit.MILLISECONDS) : queue.poll();
            if (first == null) {
                return taken;
            }
            taken.add(first);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return taken;
        }
        queue.drainTo(taken, settings.batchSize() - 1);
        List<AuditRecord> batch = new ArrayList<>(taken.size());
        long bytes = 0;
        for (AuditRecord record : taken) {
            bytes += estimatedBytes(record);
            batch.add(prepared(record));
        }
        queuedBytes.addAndGet(-bytes);
        return batch;
    }

    private AuditRecord prepared(AuditRecord record) {
        try {
            return prepare.apply(record);
        } catch (RuntimeException e) {
            // the record matters more than its bodies: keep it without them
            LOG.warn("audit log: preparing the bodies of record {} failed ({}); stored without them", record.id(),
                    e.toString());
            return record instanceof RequestAudit request ? request.withBodies(AuditBodies.NONE) : record;
        }
    }

    /** No thread is left to retry: one try, and a record the disk refuses is counted as dropped. */
    private void appendAfterClose(AuditRecord record) {
        try {
            spill.append(List.of(prepared(record)));
            spilled.increment();
        } catch (IOException e) {
            dropped.increment();
            LOG.error("audit log: a record made after the log closed could not be spilled: {}", e.toString());
        }
    }

    private boolean aboveHighWater() {
        return queue.size() > settings.capacity() / 2 || queuedBytes.get() > settings.maxBytes() / 2;
    }

    private static long estimatedBytes(AuditRecord record) {
        if (record instanceof RequestAudit request) {
            AuditBodies bodies = request.bodies();
            return RECORD_OVERHEAD_BYTES + 2L * (length(bodies.request()) + length(bodies.response()));
        }
        AdminAudit admin = (AdminAudit) record;
        return RECORD_OVERHEAD_BYTES + 2L * (length(admin.before()) + length(admin.after()));
    }

    private static int length(String text) {
        return text == null ? 0 : text.length();
    }

    private static String rootCause(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + ": " + root.getMessage();
    }
}
