package dev.heimdall.dist;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Three nodes as three separate JVMs, started by deploy/local-cluster.sh with the mock provider and HAProxy in
 * front, sharing a database of this machine's PostgreSQL. The tests run in order: the later ones drain, stop and
 * kill nodes.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterIT {

    private static final String ADMIN_TOKEN = "local-admin-token-0123456789";
    private static final String CLIENT_KEY = "hk-local-0000000000000000000000001";
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path work;

    private static final Map<String, String> environment = new HashMap<>();
    private static int balancer;
    private static int httpBase;
    private static int mockPort;
    private static String database;

    @BeforeAll
    static void startThreeNodes() throws Exception {
        httpBase = freeRange(4);
        int hazelcastBase = freeRange(4);
        balancer = freeRange(1) + 1;
        mockPort = freeRange(1) + 1;
        database = "heimdall_it_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        environment.putAll(Map.of(
                "HEIMDALL_LOCAL_DIR", work.resolve("cluster").toString(),
                "HEIMDALL_LOCAL_PORT", Integer.toString(balancer),
                "HEIMDALL_LOCAL_STATS_PORT", Integer.toString(freeRange(1) + 1),
                "HEIMDALL_LOCAL_HTTP_BASE", Integer.toString(httpBase),
                "HEIMDALL_LOCAL_HAZELCAST_BASE", Integer.toString(hazelcastBase),
                "HEIMDALL_LOCAL_MOCK_PORT", Integer.toString(mockPort),
                "HEIMDALL_LOCAL_DB", database));
        Command.Result started = script("3");
        assertThat(started.exit()).as(started.output()).isZero();
        assertThat(started.output()).contains("3 nodes up");
    }

    @AfterAll
    static void stopEverything() throws Exception {
        Command.Result stopped = script("stop");
        Command.of("psql", "-h", "127.0.0.1", "-U", "postgres", "-d", "postgres", "-qc",
                "DROP DATABASE IF EXISTS " + database).run();
        assertThat(stopped.exit()).as(stopped.output()).isZero();
    }

    @Test
    @Order(1)
    void threeProcessesFormOneClusterBehindTheBalancer() throws Exception {
        JsonNode cluster = admin(1, "GET", "/admin/v1/cluster");

        assertThat(cluster.get("size").asInt()).isEqualTo(3);
        assertThat(cluster.get("name").asText()).isEqualTo("heimdall-local");
        assertThat(cluster.get("members")).allSatisfy(member -> assertThat(member.get("version").asText())
                .isEqualTo(System.getProperty("heimdall.version")));
        for (int node = 2; node <= 3; node++) {
            assertThat(admin(node, "GET", "/admin/v1/cluster").get("size").asInt()).isEqualTo(3);
        }
        assertThat(chat(balancer).statusCode()).isEqualTo(200);
        assertThat(metrics(1)).contains("heimdall_cluster_members 3.0");
    }

    @Test
    @Order(2)
    void a429WithRetryAfterOnOneNodeCoolsTheKeyOnTheOthersWithinASecond() throws Exception {
        mock("POST", "/_mock/faults", "{\"match\": {\"apiKey\": \"sk-local-openai\"},"
                + " \"action\": {\"type\": \"status\", \"status\": 429, \"retryAfter\": 5}, \"times\": 1}");

        HttpResponse<String> limited = chat(port(1));
        long limitedAt = System.nanoTime();

        assertThat(limited.statusCode()).isEqualTo(429);
        // before the news arrives a node still asks the mock (and gets 200: the fault is used up); after, it answers
        // 429 itself, as the key cools down everywhere
        for (int node = 2; node <= 3; node++) {
            int port = port(node);
            within(Duration.ofSeconds(1), () -> chat(port).statusCode() == 429);
        }
        assertThat(Duration.ofNanos(System.nanoTime() - limitedAt)).isLessThan(Duration.ofSeconds(1));
        within(Duration.ofSeconds(10), () -> chat(port(2)).statusCode() == 200);
        assertThat(Duration.ofNanos(System.nanoTime() - limitedAt)).as("the key cooled down for its Retry-After")
                .isGreaterThan(Duration.ofSeconds(4));
    }

    @Test
    @Order(3)
    void aKeyMadeThroughOneNodeWorksOnAnotherWithinASecond() throws Exception {
        JsonNode created = admin(1, "POST", "/admin/v1/virtual-keys", "{\"id\": \"made-on-node-1\"}");
        String secret = created.get("secret").asText();
        long createdAt = System.nanoTime();

        within(Duration.ofSeconds(1), () -> status(port(2), "/v1/key/info", secret) == 200);

        assertThat(Duration.ofNanos(System.nanoTime() - createdAt)).isLessThan(Duration.ofSeconds(1));
        assertThat(status(port(3), "/v1/key/info", secret)).isEqualTo(200);
    }

    @Test
    @Order(4)
    void aDrainedNodeFinishesItsStreamWithoutAnErrorAndLeavesTheClusterWhenStopped() throws Exception {
        String idOfNode2 = admin(2, "GET", "/admin/v1/cluster/members/self").get("id").asText();
        mock("PUT", "/_mock/settings", "{\"interTokenMs\": 150}");
        CompletableFuture<HttpResponse<InputStream>> streaming = HTTP.sendAsync(chatRequest(port(2), true,
                "one two three four five six seven eight nine ten"), HttpResponse.BodyHandlers.ofInputStream());
        HttpResponse<InputStream> stream = streaming.get(10, TimeUnit.SECONDS);
        try {
            admin(1, "POST", "/admin/v1/cluster/members/" + idOfNode2 + "/drain");
            within(Duration.ofSeconds(2), () -> status(port(2), "/health/ready", null) == 503);
            long pid = Long.parseLong(Files.readString(work.resolve("cluster/node2.pid")).strip());
            ProcessHandle node2 = ProcessHandle.of(pid).orElseThrow();
            node2.destroy();

            String body = new String(stream.body().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(stream.statusCode()).isEqualTo(200);
            assertThat(body).contains("ten").endsWith("data: [DONE]\n\n");
            assertThat(node2.onExit()).succeedsWithin(Duration.ofSeconds(30));
        } finally {
            mock("PUT", "/_mock/settings", "{\"interTokenMs\": 0}");
        }
        within(Duration.ofSeconds(10), () -> admin(1, "GET", "/admin/v1/cluster").get("size").asInt() == 2);
        assertThat(Files.readString(work.resolve("cluster/node2.log"))).contains("leaving the cluster")
                .contains("Heimdall stopped");
        for (int i = 0; i < 6; i++) {
            assertThat(chat(balancer).statusCode()).as("request %d through the balancer", i).isEqualTo(200);
        }
    }

    @Test
    @Order(5)
    void afterAKill9TheOthersKeepServing() throws Exception {
        long pid = Long.parseLong(Files.readString(work.resolve("cluster/node3.pid")).strip());
        assertThat(Command.of("kill", "-9", Long.toString(pid)).run().exit()).isZero();

        // a connection a client kept open through the balancer to the killed node died with it, as at any L4
        // balancer, and until the balancer's health check marks the node down a new connection may still be handed
        // to it and closed: the SDKs retry such a connection error on a new connection, and so does this client
        for (int i = 0; i < 6; i++) {
            assertThat(sendRetryingConnectionErrors(chatRequest(balancer, false, "hi")).statusCode())
                    .as("request %d through the balancer", i).isEqualTo(200);
        }
        within(Duration.ofSeconds(20), () -> admin(1, "GET", "/admin/v1/cluster").get("size").asInt() == 1);
        assertThat(chat(port(1)).statusCode()).isEqualTo(200);
        assertThat(metrics(1)).contains("heimdall_cluster_member_leaves_total 2.0");
    }

    // ---- helpers

    /** As an SDK does: a connection that fails before any answer is retried on a new one, a few times. */
    private static HttpResponse<String> sendRetryingConnectionErrors(HttpRequest request) throws Exception {
        IOException last = null;
        for (int attempt = 0; attempt < 5; attempt++) {
            HttpClient fresh = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            try {
                return fresh.send(request, HttpResponse.BodyHandlers.ofString());
            } catch (IOException e) {
                last = e;
                Thread.sleep(200);
            }
        }
        throw last;
    }

    private static Command.Result script(String argument) throws Exception {
        return Command.of("sh", Repository.deploy("local-cluster.sh").toString(), argument)
                .withEnvironment(environment).run();
    }

    private static int port(int node) {
        return httpBase + node;
    }

    /** A port such that it and the {@code count - 1} after it are free (the script uses base+1 ... base+n). */
    private static int freeRange(int count) throws IOException {
        for (int attempt = 0; attempt < 100; attempt++) {
            int base = ThreadLocalRandom.current().nextInt(20_000, 40_000);
            if (allFree(base + 1, count)) {
                return base;
            }
        }
        throw new IllegalStateException("no free range of " + count + " ports");
    }

    private static boolean allFree(int first, int count) {
        for (int port = first; port < first + count; port++) {
            try (ServerSocket socket = new ServerSocket(port)) {
                socket.setReuseAddress(true);
            } catch (IOException e) {
                return false;
            }
        }
        return true;
    }

    private static HttpRequest chatRequest(int port, boolean stream, String prompt) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/chat/completions"))
                .timeout(Duration.ofSeconds(20))
                .header("content-type", "application/json").header("authorization", "Bearer " + CLIENT_KEY)
                .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"openai/gpt-4o-mini\",\"stream\":" + stream
                        + ",\"messages\":[{\"role\":\"user\",\"content\":\"" + prompt + "\"}]}"))
                .build();
    }

    private static HttpResponse<String> chat(int port) throws Exception {
        return HTTP.send(chatRequest(port, false, "hi"), HttpResponse.BodyHandlers.ofString());
    }

    private static int status(int port, String path, String key) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(5));
        if (key != null) {
            request.header("authorization", "Bearer " + key);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private static String metrics(int node) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port(node) + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    private static JsonNode admin(int node, String method, String path) throws Exception {
        return admin(node, method, path, null);
    }

    private static JsonNode admin(int node, String method, String path, String body) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port(node) + path))
                .timeout(Duration.ofSeconds(10))
                .header("authorization", "Bearer " + ADMIN_TOKEN).header("content-type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(method + " " + path + ": " + response.body()).isBetween(200, 299);
        return JSON.readTree(response.body());
    }

    private static void mock(String method, String path, String body) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + mockPort + path))
                .header("content-type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isBetween(200, 299);
    }

    /** Polls {@code condition} until it holds; fails when it does not within {@code limit}. */
    private static void within(Duration limit, Check condition) throws Exception {
        long start = System.nanoTime();
        while (!condition.holds()) {
            assertThat(Duration.ofNanos(System.nanoTime() - start)).as("condition within " + limit).isLessThan(limit);
            Thread.sleep(10);
        }
    }

    @FunctionalInterface
    private interface Check {
        boolean holds() throws Exception;
    }
}
