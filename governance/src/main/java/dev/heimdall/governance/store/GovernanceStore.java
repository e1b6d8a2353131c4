package dev.heimdall.governance.store;

import dev.heimdall.governance.audit.AuditStore;
import dev.heimdall.governance.budget.LedgerKey;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Durable governance state: entities as versioned JSON documents, budget spend, hourly usage, and the audit log
 * (in the same database). Implementations
 * block (JDBC): call them from worker threads only, never from an event loop.
 */
public interface GovernanceStore extends AutoCloseable {

    List<StoredEntity> list(EntityKind kind);

    Optional<StoredEntity> get(EntityKind kind, String id);

    /**
     * Creates or replaces an entity.
     *
     * @param expectedVersion the version the caller read, 0 to require that the entity does not exist yet, or -1 to
     *                        write whatever is stored
     * @throws VersionConflictException when the stored version is another
     */
    StoredEntity put(EntityKind kind, String id, String json, long expectedVersion, String origin);

    /** @return whether there was an entity to delete */
    boolean delete(EntityKind kind, String id);

    /** Settled spend per ledger line whose period started at or after {@code sinceMillis}. */
    Map<LedgerKey, Long> loadSpend(long sinceMillis);

    /** Writes absolute spend per line (idempotent: writing the same snapshot twice changes nothing). */
    void saveSpend(Map<LedgerKey, Long> spend);

    /** Adds usage rows (summed into existing rows of the same hour, key, provider and model). */
    void addUsage(List<UsageRecord> records);

    List<UsageTotal> usage(UsageQuery query);

    /** The audit log kept beside the governance state; closed with this store. */
    AuditStore audit();

    @Override
    void close();
}
