package dev.heimdall.governance.audit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Function;

import static dev.heimdall.governance.audit.AuditSamples.admin;
import static dev.heimdall.governance.audit.AuditSamples.request;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What every {@link AuditStore} does, whatever keeps the records. A store's test extends this class and says how to
 * open a new, empty store.
 */
public abstract class AuditStoreContract {

    protected static final long T0 = 1_793_527_200_000L;
    private static final long ALL_TIME = Long.MAX_VALUE;

    protected AuditStore store;

    /** A new store with nothing in it. */
    protected abstract AuditStore openEmpty();

    /** Releases what {@link #openEmpty} took; nothing by default. */
    protected void close() {
    }

    @BeforeEach
    void openStore() {
        store = openEmpty();
    }

    @AfterEach
    void closeStore() {
        close();
    }

    @Test
    void aRecordComesBackExactlyAsItWasStored() {
        RequestAudit full = request("a", T0, "k1", "ml", "gpt-4o", "openai", 200, "cheap");
        RequestAudit bare = new RequestAudit("b", T0 + 1, "node-1", "req-b", "anthropic", null, null, null, null, null,
                null, List.of(), null, null, 401, 0, 0, 0, -1, 0, -1, List.of(), AuditBodies.NONE);
        AdminAudit change = admin("c", T0 + 2);
        AdminAudit created = new AdminAudit("d", T0 + 3, "node-1", "ops", "operator", "created", "teams", "t1", 1,
                null, "{\"id\":\"t1\"}");

        assertThat(store.insert(List.of(full, bare, change, created))).isEqualTo(4);

        assertThat(all()).containsExactly(created, change, bare, full);
    }

    @Test
    void aRecordStoredTwiceIsKeptOnce() {
        RequestAudit first = request("a", T0, "k1", null, "gpt-4o", "openai", 200, null);
        RequestAudit second = request("b", T0 + 1, "k1", null, "gpt-4o", "openai", 200, null);
        assertThat(store.insert(List.of(first))).isEqualTo(1);

        assertThat(store.insert(List.of(first, second))).isEqualTo(1);
        assertThat(store.insert(List.of(second, first))).isZero();

        assertThat(all()).containsExactly(second, first);
    }

    @Test
    void pagesWalkTheLogNewestFirstAndMeetEveryRecordOnceEvenWithinOneMillisecond() {
        List<AuditRecord> records = new ArrayList<>();
        for (int i = 0; i < 23; i++) {
            // five records share each millisecond, so pages must break ties on the id
            records.add(request(String.format("r%02d", i), T0 + i / 5, "k", null, "m", "p", 200, null));
        }
        store.insert(records);

        List<AuditRecord> walked = new ArrayList<>();
        AuditQuery query = AuditQuery.between(0, ALL_TIME, 4);
        int pages = 0;
        AuditPage page;
        do {
            page = store.page(query);
            walked.addAll(page.records());
            pages++;
            if (page.next() != null) {
                query = query.after(page.next());
            }
        } while (page.next() != null);

        assertThat(pages).isEqualTo(6);
        List<AuditRecord> newestFirst = new ArrayList<>(records);
        Collections.reverse(newestFirst);
        assertThat(walked).containsExactlyElementsOf(newestFirst);
    }

    @Test
    void aPageThatEndsTheLogHasNoNextCursor() {
        store.insert(List.of(request("a", T0, "k", null, "m", "p", 200, null),
                request("b", T0 + 1, "k", null, "m", "p", 200, null)));

        assertThat(store.page(AuditQuery.between(0, ALL_TIME, 2)).next()).isNull();
        assertThat(store.page(AuditQuery.between(0, ALL_TIME, 1)).next()).isEqualTo(new AuditCursor(T0 + 1, "b"));
    }

    @Test
    void filtersSelectTheMatchingRecordsOnly() {
        RequestAudit a = request("a", T0, "k1", "ml", "gpt-4o", "openai", 200, "cheap");
        RequestAudit b = request("b", T0 + 10, "k2", "ml", "claude", "anthropic", 429, null);
        RequestAudit c = request("c", T0 + 20, "k1", "web", "gpt-4o", "openai", 503, "cheap");
        AdminAudit d = admin("d", T0 + 30);
        store.insert(List.of(a, b, c, d));

        assertThat(ids(q -> q)).containsExactly("d", "c", "b", "a");
        assertThat(ids(q -> with(q, "key", "k1"))).containsExactly("c", "a");
        assertThat(ids(q -> with(q, "team", "ml"))).containsExactly("b", "a");
        assertThat(ids(q -> with(q, "model", "claude"))).containsExactly("b");
        assertThat(ids(q -> with(q, "provider", "openai"))).containsExactly("c", "a");
        assertThat(ids(q -> with(q, "status", "429"))).containsExactly("b");
        assertThat(ids(q -> with(q, "status", "5xx"))).containsExactly("c");
        assertThat(ids(q -> with(q, "status", "2xx"))).containsExactly("a");
        assertThat(ids(q -> with(q, "rule", "cheap"))).containsExactly("c", "a");
        assertThat(ids(q -> with(q, "request-id", "req-b"))).containsExactly("b");
        assertThat(ids(q -> with(q, "kind", "admin"))).containsExactly("d");
        assertThat(ids(q -> with(q, "kind", "request"))).containsExactly("c", "b", "a");
        assertThat(ids(q -> with(with(q, "key", "k1"), "team", "web"))).containsExactly("c");
        assertThat(ids(q -> with(q, "key", "nobody"))).isEmpty();
    }

    @Test
    void theTimeRangeIncludesItsStartAndExcludesItsEnd() {
        store.insert(List.of(request("a", T0, "k", null, "m", "p", 200, null),
                request("b", T0 + 10, "k", null, "m", "p", 200, null),
                request("c", T0 + 20, "k", null, "m", "p", 200, null)));

        List<AuditRecord> inRange = store.page(AuditQuery.between(T0 + 10, T0 + 20, 10)).records();

        assertThat(inRange).extracting(AuditRecord::id).containsExactly("b");
    }

    @Test
    void deletingBeforeATimeKeepsNewerRecordsAndDeletesAtMostTheGivenNumber() {
        List<AuditRecord> records = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            records.add(request("r" + i, T0 + i, "k", null, "m", "p", 200, null));
        }
        records.add(admin("admin-old", T0));
        store.insert(records);

        assertThat(store.deleteBefore(T0 + 5, 4)).isEqualTo(4);
        assertThat(store.deleteBefore(T0 + 5, 4)).isEqualTo(2);
        assertThat(store.deleteBefore(T0 + 5, 4)).isZero();

        assertThat(all()).extracting(AuditRecord::id).containsExactly("r9", "r8", "r7", "r6", "r5");
    }

    private List<AuditRecord> all() {
        return store.page(AuditQuery.between(0, ALL_TIME, AuditQuery.MAX_LIMIT)).records();
    }

    private List<String> ids(Function<AuditQuery, AuditQuery> filter) {
        return store.page(filter.apply(AuditQuery.between(0, ALL_TIME, 100))).records().stream()
                .map(AuditRecord::id).toList();
    }

    private static AuditQuery with(AuditQuery q, String filter, String value) {
        return new AuditQuery(q.fromMillis(), q.toMillis(),
                filter.equals("kind") ? AuditRecord.Kind.parse(value) : q.kind(),
                filter.equals("key") ? value : q.keyId(),
                filter.equals("team") ? value : q.teamId(),
                filter.equals("model") ? value : q.model(),
                filter.equals("provider") ? value : q.provider(),
                filter.equals("status") ? AuditQuery.StatusRange.parse(value) : q.status(),
                filter.equals("rule") ? value : q.rule(),
                filter.equals("request-id") ? value : q.requestId(),
                q.after(), q.limit());
    }
}
