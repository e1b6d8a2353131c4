package dev.heimdall.cluster.audit;

import java.time.Duration;

/**
 * How much the audit log holds in memory and how it writes.
 *
 * @param capacity       the most records waiting in memory
 * @param maxBytes       the most (estimated) bytes they may take, bodies included
 * @param batchSize      the most records one database transaction inserts
 * @param retryInterval  how long the database rests after a failed write before the next try
 * @param segmentRecords how many records one spill file segment holds
 */
public record AuditQueueSettings(int capacity, long maxBytes, int batchSize, Duration retryInterval,
                                 int segmentRecords) {

    public static final AuditQueueSettings DEFAULTS = new AuditQueueSettings(20_000, 64L << 20, 500,
            Duration.ofSeconds(2), 10_000);

    public AuditQueueSettings {
        if (capacity < 2 || maxBytes < 1 || batchSize < 1 || segmentRecords < 1) {
            throw new IllegalArgumentException("audit queue settings must be positive (capacity at least 2)");
        }
    }

    public AuditQueueSettings withCapacity(int records) {
        return new AuditQueueSettings(records, maxBytes, batchSize, retryInterval, segmentRecords);
    }

    public AuditQueueSettings withMaxBytes(long bytes) {
        return new AuditQueueSettings(capacity, bytes, batchSize, retryInterval, segmentRecords);
    }

    public AuditQueueSettings withRetryInterval(Duration interval) {
        return new AuditQueueSettings(capacity, maxBytes, batchSize, interval, segmentRecords);
    }
}
