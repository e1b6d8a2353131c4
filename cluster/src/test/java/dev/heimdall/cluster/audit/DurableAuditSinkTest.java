package dev.heimdall.cluster.audit;

import dev.heimdall.governance.audit.AuditBodies;
import dev.heimdall.governance.audit.AuditIds;
import dev.heimdall.governance.audit.AuditRecord;
import dev.heimdall.governance.audit.AuditSamples;
import dev.heimdall.governance.audit.BodyPolicy;
import dev.heimdall.governance.audit.BodyRedaction;
import dev.heimdall.governance.audit.RequestAudit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class DurableAuditSinkTest {

    private static final AuditQueueSettings SETTINGS = AuditQueueSettings.DEFAULTS
            .withRetryInterval(Duration.ofMillis(50));

    @TempDir
    Path spillDirectory;

    private final FlakyAuditStore store = new FlakyAuditStore();
    private final List<DurableAuditSink> sinks = new ArrayList<>();

    @AfterEach
    void closeSinks() {
        store.mode(FlakyAuditStore.Mode.UP);
        sinks.forEach(DurableAuditSink::close);
    }

    @Test
    void recordsFromManyThreadsAreStoredOnceEach() throws Exception {
        DurableAuditSink sink = open(UnaryOperator.identity());
        List<AuditRecord> records = records(2_000);
        ExecutorService threads = Executors.newFixedThreadPool(4);
        for (int t = 0; t < 4; t++) {
            List<AuditRecord> share = records.subList(t * 500, (t + 1) * 500);
            threads.execute(() -> share.forEach(sink::accept));
        }
        threads.shutdown();
        assertThat(threads.awaitTermination(10, TimeUnit.SECONDS)).isTrue();

        sink.close();

        assertThat(store.stored()).hasSize(2_000).containsExactlyInAnyOrderElementsOf(ids(records));
        assertThat(sink.spilled()).isZero();
        assertThat(sink.dropped()).isZero();
    }

    @Test
    void recordsWaitOnDiskWhileTheDatabaseIsDownAndReachItOnceWhenItReturns() {
        DurableAuditSink sink = open(UnaryOperator.identity());
        store.mode(FlakyAuditStore.Mode.DOWN);
        List<AuditRecord> records = records(1_000);
        records.forEach(sink::accept);
        await(() -> sink.pendingSpill() == 1_000);
        assertThat(store.stored()).isEmpty();
        assertThat(sink.databaseDown()).isTrue();

        store.mode(FlakyAuditStore.Mode.UP);
        await(() -> store.stored().size() == 1_000 && sink.pendingSpill() == 0);

        assertThat(store.stored()).containsExactlyInAnyOrderElementsOf(ids(records));
        assertThat(sink.replayed()).isEqualTo(1_000);
        assertThat(spillFiles()).isEmpty();
    }

    @Test
    void aBatchWhoseCommitWasNotAcknowledgedIsReplayedWithoutDuplicates() {
        DurableAuditSink sink = open(UnaryOperator.identity());
        store.mode(FlakyAuditStore.Mode.FAIL_AFTER_COMMIT);
        List<AuditRecord> records = records(300);
        records.forEach(sink::accept);
        await(() -> sink.pendingSpill() == 300);

        store.mode(FlakyAuditStore.Mode.UP);
        await(() -> sink.pendingSpill() == 0);

        assertThat(store.offered()).isGreaterThan(300);
        assertThat(store.stored()).hasSize(300).containsExactlyInAnyOrderElementsOf(ids(records));
    }

    @Test
    void aHangingDatabaseDoesNotHoldMoreThanTheQueueInMemory() {
        AuditQueueSettings small = SETTINGS.withCapacity(400);
        DurableAuditSink sink = open(UnaryOperator.identity(), small);
        store.mode(FlakyAuditStore.Mode.HANG);
        List<AuditRecord> records = records(4_000);
        for (int i = 0; i < records.size(); i += 100) {
            records.subList(i, i + 100).forEach(sink::accept);
            assertThat(sink.queued()).isLessThanOrEqualTo(small.capacity());
            // the spiller keeps the queue at half its size although the writer is stuck in the database
            await(() -> sink.queued() <= small.capacity() / 2);
        }
        assertThat(sink.dropped()).isZero();
        assertThat(sink.spilled()).isGreaterThan(3_000);

        store.mode(FlakyAuditStore.Mode.UP);
        await(() -> store.stored().size() == 4_000 && sink.pendingSpill() == 0);
        assertThat(store.stored()).containsExactlyInAnyOrderElementsOf(ids(records));
    }

    @Test
    void closingWritesWhatIsQueuedToTheDatabase() {
        DurableAuditSink sink = open(UnaryOperator.identity());
        List<AuditRecord> records = records(1_500);
        records.forEach(sink::accept);

        sink.close();

        assertThat(store.stored()).containsExactlyInAnyOrderElementsOf(ids(records));
    }

    @Test
    void closingWhileTheDatabaseIsDownLeavesTheRecordsOnDiskForTheNextStart() {
        DurableAuditSink first = open(UnaryOperator.identity());
        store.mode(FlakyAuditStore.Mode.DOWN);
        List<AuditRecord> records = records(700);
        records.forEach(first::accept);

        first.close(Duration.ofSeconds(5));
        assertThat(first.pendingSpill()).isEqualTo(700);
        assertThat(store.stored()).isEmpty();

        store.mode(FlakyAuditStore.Mode.UP);
        DurableAuditSink second = open(UnaryOperator.identity());
        await(() -> second.pendingSpill() == 0);
        assertThat(store.stored()).containsExactlyInAnyOrderElementsOf(ids(records));
        assertThat(spillFiles()).isEmpty();
    }

    @Test
    void bodiesAreRedactedBeforeTheyReachTheDiskOrTheDatabase() throws Exception {
        String secret = "AKIA" + "QYLPMN5HHHFPZAM2";
        DurableAuditSink sink = open(new BodyRedaction(BodyPolicy.REDACTED));
        store.mode(FlakyAuditStore.Mode.DOWN);
        RequestAudit record = ((RequestAudit) records(1).get(0))
                .withBodies(new AuditBodies("{\"content\":\"key " + secret + "\"}", "ok", false));
        sink.accept(record);
        await(() -> sink.pendingSpill() == 1);

        for (Path file : spillFiles()) {
            assertThat(Files.readString(file)).doesNotContain(secret).contains("[REDACTED:");
        }
        store.mode(FlakyAuditStore.Mode.UP);
        await(() -> store.stored().size() == 1);
        assertThat(((RequestAudit) store.stored(record.id())).bodies().request()).doesNotContain(secret);
    }

    @Test
    void aSpillSegmentThatCannotBeReadIsSetAsideAndTheLogGoesOn() throws Exception {
        Path unreadable = Files.createDirectory(spillDirectory.resolve("audit-spill-00000000000000000001.jsonl"));
        DurableAuditSink sink = open(UnaryOperator.identity());
        List<AuditRecord> records = records(10);
        records.forEach(sink::accept);

        await(() -> store.stored().size() == 10);
        assertThat(Files.exists(unreadable)).isFalse();
        assertThat(spillDirectory.resolve(unreadable.getFileName() + ".unreadable")).isDirectory();
        assertThat(sink.pendingSpill()).isZero();
    }

    @Test
    void aRecordBeyondTheMemoryBudgetIsDroppedAndCounted() {
        DurableAuditSink sink = open(UnaryOperator.identity(), SETTINGS.withMaxBytes(4_096));
        RequestAudit huge = ((RequestAudit) records(1).get(0))
                .withBodies(new AuditBodies("x".repeat(4_096), null, false));

        sink.accept(huge);

        assertThat(sink.dropped()).isEqualTo(1);
        assertThat(sink.accepted()).isZero();
    }

    private static List<String> ids(List<AuditRecord> records) {
        return records.stream().map(AuditRecord::id).toList();
    }

    private DurableAuditSink open(UnaryOperator<AuditRecord> prepare) {
        return open(prepare, SETTINGS);
    }

    private DurableAuditSink open(UnaryOperator<AuditRecord> prepare, AuditQueueSettings settings) {
        DurableAuditSink sink = new DurableAuditSink(store, spillDirectory, prepare, settings);
        sinks.add(sink);
        return sink;
    }

    private static List<AuditRecord> records(int count) {
        List<AuditRecord> records = new ArrayList<>(count);
        long now = System.currentTimeMillis();
        for (int i = 0; i < count; i++) {
            records.add(AuditSamples.request(AuditIds.next(now), now, "k" + i % 7, null, "m", "p", 200, null));
        }
        return records;
    }

    private List<Path> spillFiles() {
        try (Stream<Path> files = Files.list(spillDirectory)) {
            return files.toList();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static void await(BooleanSupplier condition) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("condition within 20 s").isLessThan(deadline);
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
