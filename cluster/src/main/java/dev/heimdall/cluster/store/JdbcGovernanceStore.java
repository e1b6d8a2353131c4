package dev.heimdall.cluster.store;

import dev.heimdall.governance.audit.AuditStore;
import dev.heimdall.governance.budget.LedgerKey;
import dev.heimdall.governance.store.EntityKind;
import dev.heimdall.governance.store.EntityWrite;
import dev.heimdall.governance.store.GovernanceStore;
import dev.heimdall.governance.store.StoredEntity;
import dev.heimdall.governance.store.UsageQuery;
import dev.heimdall.governance.store.UsageRecord;
import dev.heimdall.governance.store.UsageTotal;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The durable {@link GovernanceStore} on a relational database (SQLite or PostgreSQL, see {@link GovernanceStores}).
 * Every call blocks on JDBC: run it on a worker thread.
 */
public final class JdbcGovernanceStore implements GovernanceStore {

    private final StoreDatabase database;
    private final Clock clock;
    private final EntityTable entities;
    private final SpendTable spend;
    private final UsageTable usage;
    private final AuditTable audit;

    JdbcGovernanceStore(StoreDatabase database, Clock clock) {
        this.database = database;
        this.clock = clock;
        this.entities = new EntityTable(database);
        this.spend = new SpendTable(database);
        this.usage = new UsageTable(database);
        this.audit = new AuditTable(database);
    }

    @Override
    public List<StoredEntity> list(EntityKind kind) {
        return entities.list(kind);
    }

    @Override
    public Optional<StoredEntity> get(EntityKind kind, String id) {
        return entities.get(kind, id);
    }

    @Override
    public StoredEntity put(EntityKind kind, String id, String json, long expectedVersion, String origin) {
        return entities.put(new EntityWrite(kind, id, json, expectedVersion, origin), Instant.ofEpochMilli(clock.millis()));
    }

    @Override
    public boolean delete(EntityKind kind, String id) {
        return entities.delete(kind, id);
    }

    @Override
    public Map<LedgerKey, Long> loadSpend(long sinceMillis) {
        return spend.load(sinceMillis);
    }

    @Override
    public void saveSpend(Map<LedgerKey, Long> lines) {
        spend.save(lines);
    }

    @Override
    public void addUsage(List<UsageRecord> records) {
        usage.add(records);
    }

    @Override
    public List<UsageTotal> usage(UsageQuery query) {
        return usage.totals(query);
    }

    @Override
    public AuditStore audit() {
        return audit;
    }

    @Override
    public void close() {
        database.close();
    }
}
