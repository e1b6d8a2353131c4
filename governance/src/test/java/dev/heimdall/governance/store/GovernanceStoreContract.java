package dev.heimdall.governance.store;

import dev.heimdall.governance.budget.LedgerKey;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

/**
 * What every {@link GovernanceStore} does, whatever keeps the state. A store's test extends this class and says how to
 * open a new, empty store; every behaviour here then runs against it.
 */
public abstract class GovernanceStoreContract {

    protected static final Instant T0 = Instant.parse("2026-11-01T10:00:00Z");
    protected static final long HOUR = Duration.ofHours(1).toMillis();
    private static final int THREADS = 8;

    protected final SettableClock clock = new SettableClock(T0);
    protected GovernanceStore store;

    /** A new store with nothing in it, whose writes take their time from {@code clock}. */
    protected abstract GovernanceStore openEmpty(Clock clock);

    @BeforeEach
    void openStore() {
        store = openEmpty(clock);
    }

    @AfterEach
    void closeStore() {
        store.close();
    }

    // entities

    @Test
    void answersNothingForAnEntityNeverWritten() {
        assertThat(store.get(EntityKind.TEAM, "ml")).isEmpty();
        assertThat(store.list(EntityKind.TEAM)).isEmpty();
    }

    @Test
    void createStartsAtVersionOneAndRecordsTimeAndOrigin() {
        StoredEntity created = store.put(EntityKind.TEAM, "ml", "{\"name\":\"ML\"}", ExpectedVersion.ABSENT, "config");

        StoredEntity expected = new StoredEntity(EntityKind.TEAM, "ml", "{\"name\":\"ML\"}", 1, T0, "config");
        assertThat(created).isEqualTo(expected);
        assertThat(store.get(EntityKind.TEAM, "ml")).contains(expected);
    }

    @Test
    void keepsTheDocumentExactlyAsWritten() {
        String json = "{ \"name\" : \"Zürich 東京 🚀\",\n  \"b\": [1, 2.50, null], \"a\": \"\\\"quoted\\\"\" }";
        String large = "{\"blob\":\"" + "x".repeat(200_000) + "\"}";

        store.put(EntityKind.ROUTING_RULE, "odd", json, ExpectedVersion.ABSENT, "api");
        store.put(EntityKind.ROUTING_RULE, "large", large, ExpectedVersion.ABSENT, "api");

        assertThat(store.get(EntityKind.ROUTING_RULE, "odd")).get().extracting(StoredEntity::json).isEqualTo(json);
        assertThat(store.get(EntityKind.ROUTING_RULE, "large")).get().extracting(StoredEntity::json).isEqualTo(large);
    }

    @Test
    void createFailsWhenTheEntityExistsAndKeepsIt() {
        store.put(EntityKind.CUSTOMER, "acme", "{\"v\":1}", ExpectedVersion.ABSENT, "config");
        clock.advance(Duration.ofMinutes(1));

        assertThatThrownBy(() -> store.put(EntityKind.CUSTOMER, "acme", "{\"v\":2}", ExpectedVersion.ABSENT, "api"))
                .isInstanceOf(VersionConflictException.class)
                .hasMessageContaining("customers/acme")
                .hasMessageContaining("version 1");
        assertThat(store.get(EntityKind.CUSTOMER, "acme")).contains(
                new StoredEntity(EntityKind.CUSTOMER, "acme", "{\"v\":1}", 1, T0, "config"));
    }

    @Test
    void updateWithTheVersionReadReplacesTheDocumentAndIncrementsTheVersion() {
        StoredEntity first = store.put(EntityKind.VIRTUAL_KEY, "vk1", "{\"v\":1}", ExpectedVersion.ABSENT, "config");
        clock.advance(Duration.ofSeconds(90));

        StoredEntity second = store.put(EntityKind.VIRTUAL_KEY, "vk1", "{\"v\":2}", first.version(), "api");
        StoredEntity third = store.put(EntityKind.VIRTUAL_KEY, "vk1", "{\"v\":3}", second.version(), "api");

        Instant later = T0.plusSeconds(90);
        assertThat(second).isEqualTo(new StoredEntity(EntityKind.VIRTUAL_KEY, "vk1", "{\"v\":2}", 2, later, "api"));
        assertThat(third.version()).isEqualTo(3);
        assertThat(store.get(EntityKind.VIRTUAL_KEY, "vk1")).contains(third);
    }

    @Test
    void updateWithAStaleVersionFailsAndKeepsTheNewerEntity() {
        store.put(EntityKind.ACCESS_PROFILE, "batch", "{\"v\":1}", ExpectedVersion.ABSENT, "config");
        StoredEntity newer = store.put(EntityKind.ACCESS_PROFILE, "batch", "{\"v\":2}", 1, "api");

        assertThatThrownBy(() -> store.put(EntityKind.ACCESS_PROFILE, "batch", "{\"v\":stale}", 1, "api"))
                .isInstanceOf(VersionConflictException.class)
                .hasMessageContaining("version 2, not 1");
        assertThat(store.get(EntityKind.ACCESS_PROFILE, "batch")).contains(newer);
    }

    @Test
    void updateOfAnEntityThatDoesNotExistFails() {
        assertThatThrownBy(() -> store.put(EntityKind.PROVIDER, "openai", "{}", 3, "api"))
                .isInstanceOf(VersionConflictException.class)
                .hasMessageContaining("version 0, not 3");
        assertThat(store.get(EntityKind.PROVIDER, "openai")).isEmpty();
    }

    @Test
    void anyVersionCreatesAndThenReplacesWhateverIsStored() {
        StoredEntity created = store.put(EntityKind.MODEL_ALIAS, "smart", "{\"v\":1}", ExpectedVersion.ANY, "config");
        store.put(EntityKind.MODEL_ALIAS, "smart", "{\"v\":2}", 1, "api");
        StoredEntity forced = store.put(EntityKind.MODEL_ALIAS, "smart", "{\"v\":3}", ExpectedVersion.ANY, "config");

        assertThat(created.version()).isEqualTo(1);
        assertThat(forced.version()).isEqualTo(3);
        assertThat(store.get(EntityKind.MODEL_ALIAS, "smart")).get()
                .extracting(StoredEntity::json, StoredEntity::origin).containsExactly("{\"v\":3}", "config");
    }

    @Test
    void rejectsAnExpectedVersionThatIsNeitherAVersionNorAMarker() {
        assertThatThrownBy(() -> store.put(EntityKind.TEAM, "ml", "{}", -2, "api"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(store.get(EntityKind.TEAM, "ml")).isEmpty();
    }

    @Test
    void listsTheEntitiesOfOneKindOrderedById() {
        for (String id : List.of("zeta", "Alpha", "beta", "alpha-2")) {
            store.put(EntityKind.TEAM, id, "{\"id\":\"" + id + "\"}", ExpectedVersion.ABSENT, "api");
        }
        store.put(EntityKind.CUSTOMER, "acme", "{}", ExpectedVersion.ABSENT, "api");

        assertThat(store.list(EntityKind.TEAM)).extracting(StoredEntity::kind, StoredEntity::id).containsExactly(
                tuple(EntityKind.TEAM, "Alpha"), tuple(EntityKind.TEAM, "alpha-2"), tuple(EntityKind.TEAM, "beta"),
                tuple(EntityKind.TEAM, "zeta"));
        assertThat(store.list(EntityKind.GUARDRAIL_POLICY)).isEmpty();
    }

    @Test
    void eachKindIsItsOwnNamespace() {
        store.put(EntityKind.TEAM, "acme", "{\"team\":true}", ExpectedVersion.ABSENT, "api");
        store.put(EntityKind.CUSTOMER, "acme", "{\"customer\":true}", ExpectedVersion.ABSENT, "api");

        assertThat(store.delete(EntityKind.TEAM, "acme")).isTrue();
        assertThat(store.get(EntityKind.CUSTOMER, "acme")).get().extracting(StoredEntity::json)
                .isEqualTo("{\"customer\":true}");
    }

    @Test
    void deleteSaysWhetherThereWasAnEntityAndACreateStartsOverAfterIt() {
        store.put(EntityKind.VIRTUAL_KEY, "vk1", "{\"v\":1}", ExpectedVersion.ABSENT, "api");
        store.put(EntityKind.VIRTUAL_KEY, "vk1", "{\"v\":2}", 1, "api");

        assertThat(store.delete(EntityKind.VIRTUAL_KEY, "vk1")).isTrue();
        assertThat(store.delete(EntityKind.VIRTUAL_KEY, "vk1")).isFalse();
        assertThat(store.get(EntityKind.VIRTUAL_KEY, "vk1")).isEmpty();
        assertThat(store.put(EntityKind.VIRTUAL_KEY, "vk1", "{\"v\":3}", ExpectedVersion.ABSENT, "api").version())
                .isEqualTo(1);
    }

    @Test
    void concurrentCreatesOfOneEntityLetExactlyOneWin() throws Exception {
        List<Callable<Boolean>> writers = new ArrayList<>();
        for (int i = 0; i < THREADS; i++) {
            String json = "{\"writer\":" + i + "}";
            writers.add(() -> {
                try {
                    store.put(EntityKind.TEAM, "contested", json, ExpectedVersion.ABSENT, "api");
                    return true;
                } catch (VersionConflictException lost) {
                    return false;
                }
            });
        }

        List<Boolean> won = runTogether(writers);

        assertThat(won).containsOnlyOnce(true);
        assertThat(store.get(EntityKind.TEAM, "contested")).get().extracting(StoredEntity::version).isEqualTo(1L);
    }

    @Test
    void concurrentReadModifyWriteCyclesLoseNoUpdate() throws Exception {
        int perThread = 20;
        store.put(EntityKind.CUSTOMER, "counter", counter(0), ExpectedVersion.ABSENT, "api");
        AtomicInteger conflicts = new AtomicInteger();
        List<Callable<Boolean>> writers = new ArrayList<>();
        for (int i = 0; i < THREADS; i++) {
            writers.add(() -> {
                for (int done = 0; done < perThread; ) {
                    StoredEntity read = store.get(EntityKind.CUSTOMER, "counter").orElseThrow();
                    try {
                        store.put(EntityKind.CUSTOMER, "counter", counter(count(read) + 1), read.version(), "api");
                        done++;
                    } catch (VersionConflictException retry) {
                        conflicts.incrementAndGet();
                    }
                }
                return true;
            });
        }

        runTogether(writers);

        StoredEntity last = store.get(EntityKind.CUSTOMER, "counter").orElseThrow();
        assertThat(count(last)).isEqualTo(THREADS * perThread);
        assertThat(last.version()).isEqualTo(THREADS * perThread + 1L);
    }

    // budget spend

    @Test
    void savedSpendLoadsBack() {
        LedgerKey key = new LedgerKey("key:vk1", "monthly", T0.toEpochMilli());
        LedgerKey team = new LedgerKey("team:ml", "monthly", T0.toEpochMilli());

        store.saveSpend(Map.of(key, 1_250_000L, team, 9_999_999_999L));

        assertThat(store.loadSpend(0)).containsExactlyInAnyOrderEntriesOf(Map.of(key, 1_250_000L, team, 9_999_999_999L));
    }

    @Test
    void saveSpendWritesAbsoluteValuesSoARepeatedSnapshotChangesNothing() {
        LedgerKey key = new LedgerKey("key:vk1", "daily", T0.toEpochMilli());
        LedgerKey other = new LedgerKey("key:vk2", "daily", T0.toEpochMilli());
        store.saveSpend(Map.of(key, 100L, other, 7L));

        store.saveSpend(Map.of(key, 250L));
        store.saveSpend(Map.of(key, 250L));
        store.saveSpend(Map.of());

        assertThat(store.loadSpend(0)).containsExactlyInAnyOrderEntriesOf(Map.of(key, 250L, other, 7L));
    }

    @Test
    void loadSpendKeepsPeriodsStartingAtOrAfterTheGivenTime() {
        long since = T0.toEpochMilli();
        LedgerKey before = new LedgerKey("key:vk1", "daily", since - 1);
        LedgerKey at = new LedgerKey("key:vk1", "daily", since);
        LedgerKey after = new LedgerKey("key:vk1", "daily", since + HOUR);
        store.saveSpend(Map.of(before, 1L, at, 2L, after, 3L));

        assertThat(store.loadSpend(since)).containsExactlyInAnyOrderEntriesOf(Map.of(at, 2L, after, 3L));
    }

    @Test
    void linesDifferingOnlyInBudgetOrPeriodAreSeparate() {
        long start = T0.toEpochMilli();
        Map<LedgerKey, Long> lines = Map.of(
                new LedgerKey("team:ml", "daily", start), 1L,
                new LedgerKey("team:ml", "monthly", start), 2L,
                new LedgerKey("team:ml", "daily", start + 24 * HOUR), 3L,
                new LedgerKey("customer:ml", "daily", start), 4L);

        store.saveSpend(lines);

        assertThat(store.loadSpend(0)).containsExactlyInAnyOrderEntriesOf(lines);
    }

    // usage

    @Test
    void usageOfTheSameHourKeyProviderAndModelIsSummedIntoOneRow() {
        long hour = T0.toEpochMilli();
        store.addUsage(List.of(usage(hour, "vk1", "ml", "acme", "openai", "gpt-4o", 1, 100, 10, 5, 1_000)));
        store.addUsage(List.of(
                usage(hour, "vk1", "ml", "acme", "openai", "gpt-4o", 2, 200, 20, 0, 2_000),
                usage(hour, "vk1", "ml", "acme", "openai", "gpt-4o", 3, 300, 30, 7, 3_000)));

        assertThat(store.usage(query(hour, hour + HOUR, UsageQuery.GroupBy.KEY)))
                .containsExactly(new UsageTotal("vk1", 6, 600, 60, 12, 6_000));
    }

    @Test
    void usageGroupsByEachDimension() {
        long hour = T0.toEpochMilli();
        store.addUsage(List.of(
                usage(hour, "vk1", "ml", "acme", "openai", "gpt-4o", 1, 10, 1, 0, 100),
                usage(hour, "vk1", "ml", "acme", "anthropic", "claude", 2, 20, 2, 0, 200),
                usage(hour, "vk2", "ml", "acme", "openai", "gpt-4o-mini", 4, 40, 4, 0, 400),
                usage(hour + HOUR, "vk3", "web", "globex", "openai", "gpt-4o", 8, 80, 8, 1, 800)));
        long from = hour;
        long to = hour + 2 * HOUR;

        assertThat(store.usage(query(from, to, UsageQuery.GroupBy.KEY))).containsExactly(
                new UsageTotal("vk1", 3, 30, 3, 0, 300),
                new UsageTotal("vk2", 4, 40, 4, 0, 400),
                new UsageTotal("vk3", 8, 80, 8, 1, 800));
        assertThat(store.usage(query(from, to, UsageQuery.GroupBy.TEAM))).containsExactly(
                new UsageTotal("ml", 7, 70, 7, 0, 700),
                new UsageTotal("web", 8, 80, 8, 1, 800));
        assertThat(store.usage(query(from, to, UsageQuery.GroupBy.CUSTOMER))).containsExactly(
                new UsageTotal("acme", 7, 70, 7, 0, 700),
                new UsageTotal("globex", 8, 80, 8, 1, 800));
        assertThat(store.usage(query(from, to, UsageQuery.GroupBy.PROVIDER))).containsExactly(
                new UsageTotal("anthropic", 2, 20, 2, 0, 200),
                new UsageTotal("openai", 13, 130, 13, 1, 1_300));
        assertThat(store.usage(query(from, to, UsageQuery.GroupBy.MODEL))).containsExactly(
                new UsageTotal("claude", 2, 20, 2, 0, 200),
                new UsageTotal("gpt-4o", 9, 90, 9, 1, 900),
                new UsageTotal("gpt-4o-mini", 4, 40, 4, 0, 400));
    }

    @Test
    void usageRangeIncludesItsStartAndExcludesItsEnd() {
        long hour = T0.toEpochMilli();
        store.addUsage(List.of(
                usage(hour - HOUR, "vk1", "ml", "acme", "openai", "gpt-4o", 1, 0, 0, 0, 1),
                usage(hour, "vk1", "ml", "acme", "openai", "gpt-4o", 10, 0, 0, 0, 10),
                usage(hour + HOUR, "vk1", "ml", "acme", "openai", "gpt-4o", 100, 0, 0, 0, 100),
                usage(hour + 2 * HOUR, "vk1", "ml", "acme", "openai", "gpt-4o", 1000, 0, 0, 0, 1000)));

        assertThat(store.usage(query(hour, hour + 2 * HOUR, UsageQuery.GroupBy.KEY)))
                .containsExactly(new UsageTotal("vk1", 110, 0, 0, 0, 110));
        assertThat(store.usage(query(hour + 3 * HOUR, hour + 4 * HOUR, UsageQuery.GroupBy.KEY))).isEmpty();
    }

    @Test
    void usageFiltersByKeyTeamOrCustomer() {
        long hour = T0.toEpochMilli();
        store.addUsage(List.of(
                usage(hour, "vk1", "ml", "acme", "openai", "gpt-4o", 1, 0, 0, 0, 1),
                usage(hour, "vk2", "ml", "acme", "openai", "gpt-4o", 2, 0, 0, 0, 2),
                usage(hour, "vk3", "web", "acme", "openai", "gpt-4o", 4, 0, 0, 0, 4),
                usage(hour, "vk4", "ops", "globex", "openai", "gpt-4o", 8, 0, 0, 0, 8)));
        long to = hour + HOUR;

        assertThat(store.usage(new UsageQuery(hour, to, UsageQuery.GroupBy.MODEL, "vk2", null, null)))
                .containsExactly(new UsageTotal("gpt-4o", 2, 0, 0, 0, 2));
        assertThat(store.usage(new UsageQuery(hour, to, UsageQuery.GroupBy.KEY, null, "ml", null)))
                .extracting(UsageTotal::group).containsExactly("vk1", "vk2");
        assertThat(store.usage(new UsageQuery(hour, to, UsageQuery.GroupBy.TEAM, null, null, "acme")))
                .extracting(UsageTotal::group, UsageTotal::requests).containsExactly(tuple("ml", 3L), tuple("web", 4L));
        assertThat(store.usage(new UsageQuery(hour, to, UsageQuery.GroupBy.KEY, "vk1", "web", null))).isEmpty();
    }

    @Test
    void usageOfKeysWithoutATeamFormsAGroupOfItsOwnListedLast() {
        long hour = T0.toEpochMilli();
        store.addUsage(List.of(
                usage(hour, "solo", null, null, "openai", "gpt-4o", 1, 0, 0, 0, 1),
                usage(hour, "vk1", "ml", "acme", "openai", "gpt-4o", 2, 0, 0, 0, 2),
                usage(hour, "vk2", "zz", null, "openai", "gpt-4o", 4, 0, 0, 0, 4)));

        assertThat(store.usage(query(hour, hour + HOUR, UsageQuery.GroupBy.TEAM))).containsExactly(
                new UsageTotal("ml", 2, 0, 0, 0, 2),
                new UsageTotal("zz", 4, 0, 0, 0, 4),
                new UsageTotal(null, 1, 0, 0, 0, 1));
        assertThat(store.usage(query(hour, hour + HOUR, UsageQuery.GroupBy.CUSTOMER))).containsExactly(
                new UsageTotal("acme", 2, 0, 0, 0, 2),
                new UsageTotal(null, 5, 0, 0, 0, 5));
    }

    @Test
    void aUsageRowKeepsTheTeamAndCustomerOfItsLatestRecords() {
        long hour = T0.toEpochMilli();
        store.addUsage(List.of(usage(hour, "vk1", "ml", "acme", "openai", "gpt-4o", 1, 0, 0, 0, 1)));
        store.addUsage(List.of(usage(hour, "vk1", "web", "globex", "openai", "gpt-4o", 2, 0, 0, 0, 2)));

        assertThat(store.usage(query(hour, hour + HOUR, UsageQuery.GroupBy.TEAM)))
                .containsExactly(new UsageTotal("web", 3, 0, 0, 0, 3));
    }

    @Test
    void addingNoUsageChangesNothing() {
        store.addUsage(List.of());

        assertThat(store.usage(query(0, Long.MAX_VALUE, UsageQuery.GroupBy.KEY))).isEmpty();
    }

    @Test
    void concurrentUsageAdditionsLoseNothing() throws Exception {
        long hour = T0.toEpochMilli();
        int perThread = 25;
        List<Callable<Boolean>> writers = new ArrayList<>();
        for (int i = 0; i < THREADS; i++) {
            writers.add(() -> {
                for (int n = 0; n < perThread; n++) {
                    store.addUsage(List.of(
                            usage(hour, "vk1", "ml", "acme", "openai", "gpt-4o", 1, 10, 1, 0, 100),
                            usage(hour, "vk2", "ml", "acme", "openai", "gpt-4o", 1, 10, 1, 0, 100)));
                }
                return true;
            });
        }

        runTogether(writers);

        long total = (long) THREADS * perThread;
        assertThat(store.usage(query(hour, hour + HOUR, UsageQuery.GroupBy.KEY))).containsExactly(
                new UsageTotal("vk1", total, 10 * total, total, 0, 100 * total),
                new UsageTotal("vk2", total, 10 * total, total, 0, 100 * total));
    }

    // helpers

    protected static UsageRecord usage(long hour, String key, String team, String customer, String provider,
                                       String model, long requests, long input, long output, long cached, long cost) {
        return new UsageRecord(hour, key, team, customer, provider, model, requests, input, output, cached, cost);
    }

    protected static UsageQuery query(long from, long to, UsageQuery.GroupBy groupBy) {
        return new UsageQuery(from, to, groupBy, null, null, null);
    }

    private static String counter(int n) {
        return "{\"n\":" + n + "}";
    }

    private static int count(StoredEntity entity) {
        String json = entity.json();
        return Integer.parseInt(json.substring(json.indexOf(':') + 1, json.indexOf('}')));
    }

    /** Runs the tasks on their own threads, released at the same moment, and answers their results in order. */
    private static <T> List<T> runTogether(List<Callable<T>> tasks) throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(tasks.size());
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<T>> futures = new ArrayList<>();
            for (Callable<T> task : tasks) {
                futures.add(threads.submit(() -> {
                    start.await();
                    return task.call();
                }));
            }
            start.countDown();
            List<T> results = new ArrayList<>();
            for (Future<T> future : futures) {
                results.add(future.get(60, TimeUnit.SECONDS));
            }
            return results;
        } finally {
            threads.shutdownNow();
        }
    }

    /** A clock the test moves by hand. */
    protected static final class SettableClock extends Clock {

        private volatile Instant now;

        SettableClock(Instant start) {
            this.now = start;
        }

        public void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException("the stores read instants only");
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
