package dev.heimdall.node;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The audit log loses nothing and duplicates nothing while its database goes away and comes back, on the machine's
 * PostgreSQL. The node logs in as a role of its own, which the test takes away (NOLOGIN, and its connections
 * terminated) and gives back: every write truly fails while it is away.
 */
class AuditDurabilityTest {

    private static final String SERVER = "jdbc:postgresql://127.0.0.1:5432/test";
    private static final String SUPERUSER = "postgres";
    private static final String REQUEST = "{\"model\":\"openai/gpt-4o-mini\",\"messages\":[{\"role\":\"user\","
            + "\"content\":\"hi\"}]}";

    @TempDir
    Path spill;

    private final String name = "heimdall_audit_" + UUID.randomUUID().toString().replace("-", "");
    private final AtomicInteger sequence = new AtomicInteger();
    private GatewayHarness harness;

    @BeforeEach
    void createRoleAndSchema() throws SQLException {
        execute("CREATE ROLE " + name + " LOGIN");
        execute("CREATE SCHEMA " + name + " AUTHORIZATION " + name);
    }

    @AfterEach
    void dropRoleAndSchema() throws Exception {
        if (harness != null) {
            harness.close();
        }
        execute("ALTER ROLE " + name + " LOGIN");
        execute("DROP SCHEMA " + name + " CASCADE");
        terminateSessions();
        execute("DROP ROLE " + name);
    }

    @Test
    void recordsMadeWhileTheDatabaseIsAwayReachItExactlyOnceWhenItReturns() throws Exception {
        harness = start();
        List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
        sendConcurrently(30, calls);
        takeTheDatabaseAway();
        sendConcurrently(40, calls);
        await(() -> metric("heimdall_audit_records_total{outcome=\"spilled\"") > 0);
        sendConcurrently(10, calls);
        bringTheDatabaseBack();
        sendConcurrently(20, calls);
        for (CompletableFuture<HttpResponse<String>> call : calls) {
            assertThat(call.get(30, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
        }

        await(() -> storedRequests() == 100);
        assertThat(distinctStoredRequests()).isEqualTo(100);
        await(() -> AuditLogs.settled(metrics()));
        assertThat(metric("heimdall_audit_records_total{outcome=\"replayed\"")).isPositive();
        assertThat(storedRequests()).isEqualTo(100);
        assertThat(segments()).isEmpty();
    }

    @Test
    void recordsOfAShutdownWhileTheDatabaseIsAwayAreStoredByTheNextStart() throws Exception {
        harness = start();
        sendAll(5);
        await(() -> storedRequests() == 5);
        takeTheDatabaseAway();
        sendAll(10);

        harness.close();
        harness = null;
        assertThat(segments()).isNotEmpty();
        assertThat(storedRequests()).isEqualTo(5);

        bringTheDatabaseBack();
        harness = start();
        await(() -> storedRequests() == 15);
        await(() -> segments().isEmpty());
        assertThat(distinctStoredRequests()).isEqualTo(15);
    }

    @Test
    void closingTheNodeStoresWhatItRecorded() throws Exception {
        harness = start();
        List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
        sendConcurrently(50, calls);
        for (CompletableFuture<HttpResponse<String>> call : calls) {
            assertThat(call.get(30, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
        }

        harness.close();
        harness = null;

        assertThat(storedRequests()).isEqualTo(50);
        assertThat(segments()).isEmpty();
    }

    private GatewayHarness start() throws Exception {
        return GatewayHarness.start("storage: { url: \"" + SERVER + "?currentSchema=" + name + "\", user: " + name
                        + ", pool-size: 2 }\naudit: { spill-directory: \"" + spill + "\" }\n" + GatewayHarness.DEFAULT_CONFIG,
                GatewayHarness.mockDefaults());
    }

    /** Takes the node's database away: no new session for its role, and the open ones ended. */
    private void takeTheDatabaseAway() throws SQLException {
        execute("ALTER ROLE " + name + " NOLOGIN");
        terminateSessions();
    }

    private void bringTheDatabaseBack() throws SQLException {
        execute("ALTER ROLE " + name + " LOGIN");
    }

    private void sendConcurrently(int count, List<CompletableFuture<HttpResponse<String>>> calls) {
        for (int i = 0; i < count; i++) {
            calls.add(harness.http.sendAsync(request(), HttpResponse.BodyHandlers.ofString()));
        }
    }

    private void sendAll(int count) throws Exception {
        for (int i = 0; i < count; i++) {
            assertThat(harness.http.send(request(), HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
        }
    }

    private HttpRequest request() {
        return HttpRequest.newBuilder(URI.create(harness.baseUrl() + "/v1/chat/completions"))
                .timeout(Duration.ofSeconds(30)).header("content-type", "application/json")
                .header("x-request-id", "durable-" + sequence.incrementAndGet())
                .POST(HttpRequest.BodyPublishers.ofString(REQUEST)).build();
    }

    private long storedRequests() {
        return count("SELECT count(*) FROM " + name + ".audit_records WHERE kind = 'request'");
    }

    private long distinctStoredRequests() {
        return count("SELECT count(DISTINCT request_id) FROM " + name + ".audit_records WHERE kind = 'request'");
    }

    private List<Path> segments() {
        try (Stream<Path> files = Files.list(spill)) {
            return files.filter(file -> file.getFileName().toString().endsWith(".jsonl")).toList();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private String metrics() {
        try {
            return harness.get("/metrics").body();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private double metric(String lineStart) {
        return AuditLogs.value(metrics(), lineStart);
    }

    private void terminateSessions() throws SQLException {
        execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = '" + name + "'");
    }

    private static long count(String sql) {
        try (Connection connection = DriverManager.getConnection(SERVER, SUPERUSER, null);
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        } catch (SQLException e) {
            throw new AssertionError(e);
        }
    }

    private static void execute(String sql) throws SQLException {
        try (Connection connection = DriverManager.getConnection(SERVER, SUPERUSER, null);
             Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("condition within 60 s").isLessThan(deadline);
            Thread.sleep(50);
        }
    }
}
