package dev.heimdall.node;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import dev.heimdall.loadtest.mock.MockConfig;
import dev.heimdall.loadtest.mock.MockProvider;
import dev.heimdall.node.config.ConfigLoader;
import dev.heimdall.node.config.HeimdallConfig;
import dev.heimdall.providers.AdapterRegistry;
import io.vertx.core.Vertx;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A real node and the bundled mock provider, both on loopback ephemeral ports, as integration tests use them. The
 * node is configured from YAML exactly as a user would configure it, with the mock's port substituted for
 * {@code MOCK}.
 */
final class GatewayHarness implements AutoCloseable {

    static final String DEFAULT_CONFIG = """
            server: { host: 127.0.0.1, port: 0, event-loops: 1, max-body-size: 64KiB }
            providers:
              openai:
                type: openai
                base-url: "http://127.0.0.1:MOCK/openai"
                keys: [ { name: main, value: sk-test-openai } ]
                models: [ gpt-4o-mini, text-embedding-3-small ]
                timeouts: { connect: 1s, first-byte: 2s, idle: 2s }
              anthropic:
                type: anthropic
                base-url: "http://127.0.0.1:MOCK/anthropic"
                keys: [ { name: main, value: sk-ant-test } ]
                models: [ claude-sonnet-4-5 ]
              badkey:
                type: openai
                base-url: "http://127.0.0.1:MOCK/openai"
                keys: [ { name: revoked, value: invalid-key-000 } ]
              down:
                type: openai
                base-url: "http://127.0.0.1:1"
                keys: [ { name: k, value: sk-unused } ]
                timeouts: { connect: 1s }
            models:
              smart:
                targets: [ { provider: openai, model: gpt-4o } ]
                fallbacks: [ { provider: anthropic, model: claude-sonnet-4-5 } ]
              resilient:
                targets: [ { provider: down, model: gpt-4o } ]
                fallbacks: [ { provider: openai, model: gpt-4o-mini } ]
            """;

    final Vertx vertx;
    final MockProvider mock;
    final HeimdallNode node;
    final OpenAIClient openai;
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private GatewayHarness(Vertx vertx, MockProvider mock, HeimdallNode node) {
        this.vertx = vertx;
        this.mock = mock;
        this.node = node;
        this.openai = OpenAIOkHttpClient.builder()
                .baseUrl(baseUrl() + "/v1")
                .apiKey("sk-client-anything")
                .maxRetries(0)
                .timeout(Duration.ofSeconds(20))
                .build();
    }

    static GatewayHarness start() throws Exception {
        return start(DEFAULT_CONFIG, mockDefaults());
    }

    /** The mock as the tests expect it: model "small-context" has a 1,000-token window. */
    static MockConfig mockDefaults() {
        return MockConfig.defaults().maxContextTokens(Map.of("small-context", 1_000));
    }

    static GatewayHarness start(String yaml, MockConfig mockConfig) throws Exception {
        return start(yaml, mockConfig, java.time.Clock.systemUTC());
    }

    /** @param clock the time the node's routing rules see */
    static GatewayHarness start(String yaml, MockConfig mockConfig, java.time.Clock clock) throws Exception {
        Vertx vertx = Vertx.vertx();
        MockProvider mock = await(MockProvider.start(vertx, mockConfig.port(0)));
        HeimdallConfig config = HeimdallNode.configLoader(Map.of())
                .parse(withTestDefaults(yaml).replace("MOCK", Integer.toString(mock.port())), "test.yaml");
        return new GatewayHarness(vertx, mock, await(HeimdallNode.start(config, clock)));
    }

    /** @param governance the node's governance state, made from its configuration */
    static GatewayHarness start(String yaml, MockConfig mockConfig, java.time.Clock clock,
                                java.util.function.Function<HeimdallConfig, NodeGovernance> governance) throws Exception {
        Vertx vertx = Vertx.vertx();
        MockProvider mock = await(MockProvider.start(vertx, mockConfig.port(0)));
        ConfigLoader loader = HeimdallNode.configLoader(Map.of());
        HeimdallConfig config = loader.parse(withTestDefaults(yaml).replace("MOCK", Integer.toString(mock.port())),
                "test.yaml");
        HeimdallNode node = await(HeimdallNode.start(config, clock, member -> governance.apply(config)));
        return new GatewayHarness(vertx, mock, node);
    }

    /**
     * Tests that are not about governance run without virtual keys, and every node gets its own database file (a
     * node's default would be shared by all tests in the working directory).
     */
    static String withTestDefaults(String yaml) throws java.io.IOException {
        String prefix = "";
        if (!yaml.contains("authentication:")) {
            prefix += "authentication: { required: false }\n";
        }
        if (!yaml.contains("storage:")) {
            java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("heimdall-test");
            dir.toFile().deleteOnExit();
            prefix += "storage: { url: \"jdbc:sqlite:" + dir.resolve("heimdall.db") + "\" }\n";
        }
        return prefix + yaml;
    }

    /**
     * Forgets what an earlier test left behind: fault rules, recorded requests, and all the node learned about its
     * upstreams (a 429 or 401 must not leave a key cooling down or dead for the next test, nor failures a circuit
     * open).
     */
    void reset() {
        mock.faults().clear();
        mock.clearRequests();
        node.gateway().health().clear();
    }

    String baseUrl() {
        return "http://127.0.0.1:" + node.port();
    }

    HttpResponse<String> post(String path, String contentType, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl() + path))
                .timeout(Duration.ofSeconds(20))
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            request.header("content-type", contentType);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(baseUrl() + path)).timeout(Duration.ofSeconds(20)).GET()
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    static <T> T await(io.vertx.core.Future<T> future) throws Exception {
        return future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws Exception {
        openai.close();
        await(node.close());
        await(mock.close());
        await(vertx.close());
    }
}
