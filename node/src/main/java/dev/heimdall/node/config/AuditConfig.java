package dev.heimdall.node.config;

import dev.heimdall.governance.audit.BodyPolicy;

/**
 * The audit log: one record per request and per admin change, written to the storage database.
 *
 * @param enabled        false only when the operator switched it off ({@code enabled: false})
 * @param bodies         which request and response bodies the records keep
 * @param maxBodyBytes   each kept body is cut to this many bytes
 * @param retentionDays  records older than this many days are deleted (daily); 0 keeps them forever
 * @param queueRecords   the most records waiting in memory for the database
 * @param queueBytes     the most bytes they may take (bodies included)
 * @param spillDirectory where records wait on disk while the database is away; null: {@code audit-spill} beside a
 *                       SQLite database file, else {@code data/audit-spill}
 * @param nodeId         the name records give this node; null: the host name
 */
public record AuditConfig(boolean enabled, BodyPolicy bodies, int maxBodyBytes, int retentionDays, int queueRecords,
                          long queueBytes, String spillDirectory, String nodeId) {

    public static final int DEFAULT_MAX_BODY_BYTES = 16 * 1024;
    public static final int DEFAULT_RETENTION_DAYS = 90;
    public static final int DEFAULT_QUEUE_RECORDS = 20_000;
    public static final long DEFAULT_QUEUE_BYTES = 64L << 20;

    public static AuditConfig defaults() {
        return new AuditConfig(true, BodyPolicy.NONE, DEFAULT_MAX_BODY_BYTES, DEFAULT_RETENTION_DAYS,
                DEFAULT_QUEUE_RECORDS, DEFAULT_QUEUE_BYTES, null, null);
    }
}
