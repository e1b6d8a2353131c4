package dev.heimdall.node.governance;

import dev.heimdall.cluster.audit.AuditQueueSettings;
import dev.heimdall.cluster.audit.DurableAuditSink;
import dev.heimdall.governance.audit.AuditStore;
import dev.heimdall.governance.audit.BodyRedaction;
import dev.heimdall.node.config.AuditConfig;
import dev.heimdall.node.pipeline.AuditTrail;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.function.ToDoubleFunction;

/**
 * A node's audit log: the durable sink its records go to (the governance store's database, with a spill directory
 * for when it is away), the trail the pipeline and the admin API record through, and the daily deletion of records
 * older than the retention period, on a worker thread.
 */
public final class AuditLog implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(AuditLog.class);
    private static final Duration RETENTION_INTERVAL = Duration.ofDays(1);
    /** The first deletion runs soon after start, not a day later. */
    private static final Duration FIRST_RETENTION_RUN = Duration.ofMinutes(1);
    /** Rows one deletion transaction removes: short transactions, however much is due. */
    private static final int DELETE_CHUNK = 10_000;
    /** Within the 30 s a shutdown gets ({@code main}'s hook): what is not stored by then goes to the spill file. */
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(20);

    private final AuditStore store;
    private final DurableAuditSink sink;
    private final AuditTrail trail;
    private final int retentionDays;
    private final Clock clock;
    private Vertx vertx;
    private long timer = -1;

    private AuditLog(AuditStore store, DurableAuditSink sink, AuditTrail trail, int retentionDays, Clock clock) {
        this.store = store;
        this.sink = sink;
        this.trail = trail;
        this.retentionDays = retentionDays;
        this.clock = clock;
    }

    /**
     * Opens the log on {@code store}; with {@code enabled: false} nothing is recorded.
     *
     * @param dataDirectory where the spill directory goes unless the configuration names one
     */
    public static AuditLog open(AuditConfig config, AuditStore store, Path dataDirectory, Clock clock) {
        if (!config.enabled()) {
            return new AuditLog(store, null, AuditTrail.OFF, 0, clock);
        }
        Path spill = config.spillDirectory() != null ? Path.of(config.spillDirectory())
                : dataDirectory.resolve("audit-spill");
        DurableAuditSink sink = new DurableAuditSink(store, spill, new BodyRedaction(config.bodies()),
                AuditQueueSettings.DEFAULTS.withCapacity(config.queueRecords()).withMaxBytes(config.queueBytes()));
        String nodeId = config.nodeId() != null ? config.nodeId() : hostName();
        return new AuditLog(store, sink, new AuditTrail(sink, nodeId, config.bodies(), config.maxBodyBytes(), clock),
                config.retentionDays(), clock);
    }

    public AuditTrail trail() {
        return trail;
    }

    public AuditStore store() {
        return store;
    }

    /** Starts the daily deletion of expired records, when a retention period is set. */
    public void start(Vertx vertx) {
        this.vertx = vertx;
        if (sink != null && retentionDays > 0) {
            timer = vertx.setTimer(FIRST_RETENTION_RUN.toMillis(), first -> {
                deleteExpired();
                timer = vertx.setPeriodic(RETENTION_INTERVAL.toMillis(), id -> deleteExpired());
            });
        }
    }

    /** Deletes the records older than the retention period now, on a worker thread; completes with how many. */
    public Future<Long> deleteExpired() {
        if (vertx == null || retentionDays <= 0) {
            return Future.succeededFuture(0L);
        }
        long cutoff = clock.millis() - Duration.ofDays(retentionDays).toMillis();
        return vertx.executeBlocking(() -> {
            long deleted = 0;
            int chunk;
            do {
                chunk = store.deleteBefore(cutoff, DELETE_CHUNK);
                deleted += chunk;
            } while (chunk == DELETE_CHUNK);
            if (deleted > 0) {
                LOG.info("audit log: deleted {} records older than {} days", deleted, retentionDays);
            }
            return deleted;
        }, false).onFailure(e -> LOG.warn("audit log: deleting expired records failed: {}", e.toString()));
    }

    /** Meters of the log's way to the database: records by outcome, the queue, the spill file, the database. */
    public void bindMetrics(MeterRegistry registry) {
        if (sink == null) {
            return;
        }
        counter(registry, "accepted", "queued for the database", DurableAuditSink::accepted);
        counter(registry, "stored", "written to the database", DurableAuditSink::stored);
        counter(registry, "spilled", "written to the spill file while the database was slow or away",
                DurableAuditSink::spilled);
        counter(registry, "replayed", "moved from the spill file to the database", DurableAuditSink::replayed);
        counter(registry, "dropped", "lost: the queue was full (the database and the local disk fell behind)",
                DurableAuditSink::dropped);
        gauge(registry, "heimdall.audit.queue", "Audit records waiting in memory", DurableAuditSink::queued);
        gauge(registry, "heimdall.audit.spill", "Audit records waiting in the spill file", DurableAuditSink::pendingSpill);
        gauge(registry, "heimdall.audit.database.up", "1 while the audit log's last database write succeeded",
                s -> s.databaseDown() ? 0 : 1);
    }

    /** Writes what is queued (to the database, or to the spill file when it is away) and stops. Blocking. */
    @Override
    public void close() {
        if (vertx != null && timer >= 0) {
            vertx.cancelTimer(timer);
        }
        if (sink != null) {
            sink.close(CLOSE_TIMEOUT);
        }
    }

    private void counter(MeterRegistry registry, String outcome, String description,
                         ToDoubleFunction<DurableAuditSink> count) {
        FunctionCounter.builder("heimdall.audit.records", sink, count)
                .description("Audit records " + description)
                .tag("outcome", outcome)
                .register(registry);
    }

    private void gauge(MeterRegistry registry, String name, String description, ToDoubleFunction<DurableAuditSink> value) {
        Gauge.builder(name, sink, value).description(description).register(registry);
    }

    private static String hostName() {
        String host = System.getenv("HOSTNAME");
        if (host != null && !host.isBlank()) {
            return host;
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "heimdall";
        }
    }
}
