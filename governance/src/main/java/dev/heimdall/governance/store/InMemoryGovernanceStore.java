package dev.heimdall.governance.store;

import dev.heimdall.governance.audit.AuditStore;
import dev.heimdall.governance.audit.InMemoryAuditStore;
import dev.heimdall.governance.budget.LedgerKey;

import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * A {@link GovernanceStore} held in memory, for tests of the stages that read and write governance state. It keeps
 * the contract of the durable stores (the same contract test runs against both) but nothing survives the process.
 */
public final class InMemoryGovernanceStore implements GovernanceStore {

    /** Usage groups in the order the durable stores answer: by name, the group of rows without one (no team) last. */
    private static final Comparator<UsageTotal> BY_GROUP =
            Comparator.comparing(UsageTotal::group, Comparator.nullsLast(Comparator.naturalOrder()));

    private final Clock clock;
    private final Map<EntityKind, ConcurrentSkipListMap<String, StoredEntity>> entities = new EnumMap<>(EntityKind.class);
    private final ConcurrentMap<LedgerKey, Long> spend = new ConcurrentHashMap<>();
    private final ConcurrentMap<UsageRow, UsageRecord> usage = new ConcurrentHashMap<>();
    private final InMemoryAuditStore audit = new InMemoryAuditStore();

    public InMemoryGovernanceStore() {
        this(Clock.systemUTC());
    }

    public InMemoryGovernanceStore(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
        for (EntityKind kind : EntityKind.values()) {
            entities.put(kind, new ConcurrentSkipListMap<>());
        }
    }

    @Override
    public List<StoredEntity> list(EntityKind kind) {
        return List.copyOf(entities.get(kind).values());
    }

    @Override
    public Optional<StoredEntity> get(EntityKind kind, String id) {
        return Optional.ofNullable(entities.get(kind).get(id));
    }

    @Override
    public StoredEntity put(EntityKind kind, String id, String json, long expectedVersion, String origin) {
        EntityWrite write = new EntityWrite(kind, id, json, expectedVersion, origin);
        // the updated time has the durable stores' precision, so both answer alike
        Instant now = Instant.ofEpochMilli(clock.millis());
        return entities.get(kind).compute(id, (key, stored) -> {
            long actual = stored == null ? 0 : stored.version();
            if (!ExpectedVersion.admits(expectedVersion, actual)) {
                throw new VersionConflictException(kind, id, expectedVersion, actual);
            }
            return write.stored(actual + 1, now);
        });
    }

    @Override
    public boolean delete(EntityKind kind, String id) {
        return entities.get(kind).remove(id) != null;
    }

    @Override
    public Map<LedgerKey, Long> loadSpend(long sinceMillis) {
        return spend.entrySet().stream()
                .filter(line -> line.getKey().periodStartMillis() >= sinceMillis)
                .collect(Collectors.toUnmodifiableMap(Map.Entry::getKey, Map.Entry::getValue));
    }

    @Override
    public void saveSpend(Map<LedgerKey, Long> lines) {
        spend.putAll(lines);
    }

    @Override
    public void addUsage(List<UsageRecord> records) {
        for (UsageRecord record : records) {
            usage.merge(UsageRow.of(record), record, InMemoryGovernanceStore::sum);
        }
    }

    @Override
    public List<UsageTotal> usage(UsageQuery query) {
        Function<UsageRecord, String> group = groupOf(query.groupBy());
        Map<String, UsageTotal> totals = new HashMap<>();
        for (UsageRecord record : usage.values()) {
            if (matches(query, record)) {
                String name = group.apply(record);
                totals.merge(name, new UsageTotal(name, record.requests(), record.inputTokens(), record.outputTokens(),
                        record.cachedTokens(), record.costMicros()), InMemoryGovernanceStore::sum);
            }
        }
        return totals.values().stream().sorted(BY_GROUP).toList();
    }

    @Override
    public AuditStore audit() {
        return audit;
    }

    @Override
    public void close() {
    }

    private static boolean matches(UsageQuery query, UsageRecord record) {
        return record.hourStartMillis() >= query.fromMillis() && record.hourStartMillis() < query.toMillis()
                && (query.keyId() == null || query.keyId().equals(record.keyId()))
                && (query.teamId() == null || query.teamId().equals(record.teamId()))
                && (query.customerId() == null || query.customerId().equals(record.customerId()));
    }

    private static Function<UsageRecord, String> groupOf(UsageQuery.GroupBy groupBy) {
        return switch (groupBy) {
            case KEY -> UsageRecord::keyId;
            case TEAM -> UsageRecord::teamId;
            case CUSTOMER -> UsageRecord::customerId;
            case PROVIDER -> UsageRecord::provider;
            case MODEL -> UsageRecord::model;
        };
    }

    /** Counts add up; team and customer are those of the latest record, as the key's were when it was used. */
    private static UsageRecord sum(UsageRecord stored, UsageRecord added) {
        return new UsageRecord(stored.hourStartMillis(), stored.keyId(), added.teamId(), added.customerId(),
                stored.provider(), stored.model(), stored.requests() + added.requests(),
                stored.inputTokens() + added.inputTokens(), stored.outputTokens() + added.outputTokens(),
                stored.cachedTokens() + added.cachedTokens(), stored.costMicros() + added.costMicros());
    }

    private static UsageTotal sum(UsageTotal a, UsageTotal b) {
        return new UsageTotal(a.group(), a.requests() + b.requests(), a.inputTokens() + b.inputTokens(),
                a.outputTokens() + b.outputTokens(), a.cachedTokens() + b.cachedTokens(), a.costMicros() + b.costMicros());
    }

    /** What identifies a usage row: its hour, key, provider and model. */
    private record UsageRow(long hourStartMillis, String keyId, String provider, String model) {

        static UsageRow of(UsageRecord record) {
            return new UsageRow(record.hourStartMillis(), Objects.requireNonNull(record.keyId(), "keyId"),
                    Objects.requireNonNull(record.provider(), "provider"), Objects.requireNonNull(record.model(), "model"));
        }
    }
}
