package dev.heimdall.node;

import com.fasterxml.jackson.databind.JsonNode;
import dev.heimdall.loadtest.mock.FaultRule;
import dev.heimdall.loadtest.mock.MockProvider;
import dev.heimdall.node.config.HeimdallConfig;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.function.BooleanSupplier;

import static dev.heimdall.node.AdminClient.ADMIN;
import static dev.heimdall.node.AdminClient.OPERATOR;
import static dev.heimdall.node.AdminClient.VIEWER;
import static dev.heimdall.node.AdminClient.json;
import static dev.heimdall.node.GatewayHarness.await;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two nodes in one cluster (in this JVM, sharing one database file as a cluster shares PostgreSQL): what one learns,
 * or is told through its admin API, is in force on the other within a second. The separate-process version of
 * these checks is the dist module's ClusterIT.
 */
class TwoNodeClusterTest {

    private static final String KEY = "hk-cluster-test-00000000000000000001";
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @TempDir
    static Path data;

    private static Vertx vertx;
    private static MockProvider mock;
    private static HeimdallNode a;
    private static HeimdallNode b;

    @BeforeAll
    static void startTwoNodes() throws Exception {
        vertx = Vertx.vertx();
        mock = await(MockProvider.start(vertx, GatewayHarness.mockDefaults().port(0)));
        int portA = freePort();
        int portB = freePort();
        String yaml = """
                server: { host: 127.0.0.1, port: 0, event-loops: 1 }
                storage: { url: "jdbc:sqlite:%s" }
                cluster:
                  name: %s
                  host: 127.0.0.1
                  port: PORT
                  join: { members: [ "127.0.0.1:%d", "127.0.0.1:%d" ] }
                providers:
                  openai:
                    type: openai
                    base-url: "http://127.0.0.1:%d/openai"
                    keys: [ { name: only, value: sk-only } ]
                virtual-keys:
                  - { name: seeded, key: "%s" }
                """.formatted(data.resolve("shared.db"), "test-" + UUID.randomUUID(), portA, portB, mock.port(), KEY)
                + AdminClient.ADMIN_SECTION;
        a = await(HeimdallNode.start(config(yaml.replace("PORT", Integer.toString(portA)))));
        b = await(HeimdallNode.start(config(yaml.replace("PORT", Integer.toString(portB)))));
    }

    @AfterAll
    static void stop() throws Exception {
        await(b.close());
        await(a.close());
        await(vertx.close());
    }

    private static HeimdallConfig config(String yaml) {
        return HeimdallNode.configLoader(Map.of()).parse(yaml, "test.yaml");
    }

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static HttpResponse<String> chat(HeimdallNode node, String key) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.port() + "/v1/chat/completions"))
                .header("content-type", "application/json").header("authorization", "Bearer " + key)
                .POST(HttpRequest.BodyPublishers.ofString(
                        "{\"model\":\"openai/gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    private static int status(HeimdallNode node, String path, String key) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.port() + path));
        if (key != null) {
            request.header("authorization", "Bearer " + key);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    /** How long {@code condition} took to hold, failing after two seconds. */
    private static Duration within(BooleanSupplier condition) throws InterruptedException {
        long start = System.nanoTime();
        while (!condition.getAsBoolean()) {
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
            Thread.sleep(5);
        }
        return Duration.ofNanos(System.nanoTime() - start);
    }

    private static boolean holds(java.util.concurrent.Callable<Boolean> check) {
        try {
            return check.call();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void eachNodeShowsTheClusterOfTwoWithItselfMarked() throws Exception {
        JsonNode fromB = json(new AdminClient(b.adminPort()).get(VIEWER, "/admin/v1/cluster"));

        assertThat(fromB.get("size").asInt()).isEqualTo(2);
        assertThat(fromB.get("self").asText()).isEqualTo(b.clusterMember().id());
        assertThat(fromB.get("members")).extracting(m -> m.get("id").asText())
                .containsExactly(a.clusterMember().id(), b.clusterMember().id());
        assertThat(fromB.get("members").get(1).get("self").asBoolean()).isTrue();
        assertThat(fromB.get("members")).allSatisfy(m -> assertThat(m.get("version").asText()).isEqualTo("dev"));
        String metrics = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + a.port() + "/metrics"))
                .build(), HttpResponse.BodyHandlers.ofString()).body();
        assertThat(metrics).contains("heimdall_cluster_members 2.0").contains("heimdall_cluster_member_joins_total 1.0");
    }

    @Test
    void a429WithRetryAfterOnOneNodeCoolsTheKeyOnTheOtherWithinASecond() throws Exception {
        mock.faults().add(FaultRule.status(429, 5).apiKey("sk-only").times(1));

        HttpResponse<String> limited = chat(a, KEY);

        assertThat(limited.statusCode()).isEqualTo(429);
        Duration took = within(() -> !b.gateway().keyHealth().usable("openai", "only", "gpt-4o-mini", System.nanoTime()));
        assertThat(took).isLessThan(Duration.ofSeconds(1));
        int reachedUpstream = mock.requests("openai").size();
        HttpResponse<String> onB = chat(b, KEY);
        assertThat(onB.statusCode()).isEqualTo(429);
        assertThat(onB.headers().firstValue("retry-after")).isPresent();
        assertThat(mock.requests("openai")).as("B did not ask the cooling key").hasSize(reachedUpstream);
        b.gateway().health().clear();
        a.gateway().health().clear();
    }

    @Test
    void aKeyMadeOrDisabledThroughOneNodesAdminApiIsInForceOnTheOtherWithinASecond() throws Exception {
        AdminClient adminA = new AdminClient(a.adminPort());
        HttpResponse<String> created = adminA.post(ADMIN, "/admin/v1/virtual-keys", "{\"id\": \"made-on-a\"}");
        assertThat(created.statusCode()).isEqualTo(201);
        String secret = json(created).get("secret").asText();

        Duration usable = within(() -> holds(() -> status(b, "/v1/key/info", secret) == 200));
        assertThat(adminA.patch(OPERATOR, "/admin/v1/virtual-keys/made-on-a", "{\"enabled\": false}", null).statusCode())
                .isEqualTo(200);
        Duration refused = within(() -> holds(() -> status(b, "/v1/key/info", secret) == 401));

        assertThat(usable).isLessThan(Duration.ofSeconds(1));
        assertThat(refused).isLessThan(Duration.ofSeconds(1));
        assertThat(chat(b, secret).statusCode()).isEqualTo(401);
    }

    @Test
    void oneNodesAdminApiDrainsTheOther() throws Exception {
        AdminClient adminA = new AdminClient(a.adminPort());
        String idOfB = b.clusterMember().id();

        assertThat(adminA.post(OPERATOR, "/admin/v1/cluster/members/" + idOfB + "/drain", null).statusCode())
                .isEqualTo(202);

        within(() -> holds(() -> status(b, "/health/ready", null) == 503));
        assertThat(status(a, "/health/ready", null)).isEqualTo(200);
        within(() -> holds(() -> json(adminA.get(VIEWER, "/admin/v1/cluster/members/" + idOfB))
                .get("state").asText().equals("draining")));
        assertThat(chat(b, KEY).statusCode()).as("a drained node still serves what reaches it").isEqualTo(200);

        adminA.post(OPERATOR, "/admin/v1/cluster/members/" + idOfB + "/undrain", null);
        within(() -> holds(() -> status(b, "/health/ready", null) == 200));
    }
}
