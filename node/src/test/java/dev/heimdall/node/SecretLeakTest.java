package dev.heimdall.node;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.AppenderBase;
import dev.heimdall.loadtest.mock.bedrock.BedrockMock;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sweep for leaked secrets: requests through every ingress API with provider keys and virtual keys that are
 * recognisable strings (answered, streamed, fallen back, rejected by the provider, refused for budget, for a disabled
 * key, for an unknown key in each API's header, malformed), then everything the node wrote is searched for each
 * secret: every log line at debug level with its stack trace, every audit record (as the admin API exports them and
 * as the database holds them), every response body and header the gateway and the admin API gave, and the metrics.
 */
class SecretLeakTest {

    private static final String OPENAI_KEY = "sk-leak-openai-provider-3f9a7c21e8";
    private static final String ANTHROPIC_KEY = "sk-ant-leak-anthropic-provider-8d2e4b";
    private static final String REVOKED_KEY = "invalid-leak-revoked-provider-5c7d11";
    private static final String DOWN_KEY = "sk-leak-unreachable-provider-1a2b3c";
    private static final String WRONG_AWS_SECRET = "leak-wrong-aws-secret-access-key-77";
    private static final String ALICE = "hk-leak-alice-virtual-key-000000001";
    private static final String BROKE = "hk-leak-broke-virtual-key-000000002";
    private static final String DISABLED = "hk-leak-disabled-virtual-key-00003";
    private static final String UNKNOWN = "hk-leak-presented-unknown-key-0004";
    private static final String ADMIN_MADE_KEY = "sk-leak-admin-made-provider-9e8d7c";
    private static final List<String> SECRETS = List.of(OPENAI_KEY, ANTHROPIC_KEY, REVOKED_KEY, DOWN_KEY, ADMIN_MADE_KEY,
            WRONG_AWS_SECRET, BedrockMock.SECRET_ACCESS_KEY, ALICE, BROKE, DISABLED, UNKNOWN, AdminClient.ADMIN,
            AdminClient.OPERATOR, AdminClient.VIEWER);

    private static final List<String> logLines = new CopyOnWriteArrayList<>();
    private static final AppenderBase<ILoggingEvent> capture = new AppenderBase<>() {
        @Override
        protected void append(ILoggingEvent event) {
            logLines.add(event.getFormattedMessage() + " " + event.getMDCPropertyMap() + (event.getThrowableProxy() == null
                    ? "" : ThrowableProxyUtil.asString(event.getThrowableProxy())));
        }
    };
    private static Level rootLevel;
    private static Path database;
    private static GatewayHarness harness;
    private static AdminClient admin;
    private static final List<String> answers = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        rootLevel = root.getLevel();
        root.setLevel(Level.DEBUG);
        capture.start();
        root.addAppender(capture);
        database = Files.createTempDirectory("heimdall-leak").resolve("heimdall.db");
        harness = GatewayHarness.start("""
                storage: { url: "jdbc:sqlite:%s" }
                authentication: { required: true }
                audit: { bodies: full }
                server: { host: 127.0.0.1, port: 0, event-loops: 1 }
                providers:
                  openai:
                    type: openai
                    base-url: "http://127.0.0.1:MOCK/openai"
                    keys: [ { name: main, value: %s } ]
                    models: [ text-embedding-3-small ]
                  anthropic:
                    type: anthropic
                    base-url: "http://127.0.0.1:MOCK/anthropic"
                    keys: [ { name: main, value: %s } ]
                  revoked:
                    type: openai
                    base-url: "http://127.0.0.1:MOCK/openai"
                    keys: [ { name: old, value: %s } ]
                  down:
                    type: openai
                    base-url: "http://127.0.0.1:1"
                    keys: [ { name: k, value: %s } ]
                    timeouts: { connect: 1s }
                  bedrock:
                    type: bedrock
                    region: us-east-1
                    base-url: "http://127.0.0.1:MOCK/bedrock"
                    keys: [ { name: aws, access-key-id: %s, secret-access-key: "%s" } ]
                  bedrock-wrong:
                    type: bedrock
                    region: us-east-1
                    base-url: "http://127.0.0.1:MOCK/bedrock"
                    keys: [ { name: stale, access-key-id: %s, secret-access-key: "%s" } ]
                models:
                  resilient:
                    targets: [ { provider: down, model: gpt-4o } ]
                    fallbacks: [ { provider: openai, model: gpt-4o-mini } ]
                virtual-keys:
                  - { name: alice, key: "%s" }
                  - { name: broke, key: "%s", budgets: [ { name: nothing, usd: 0, period: daily } ] }
                  - { name: switched-off, key: "%s", enabled: false }
                """.formatted(database, OPENAI_KEY, ANTHROPIC_KEY, REVOKED_KEY, DOWN_KEY, BedrockMock.ACCESS_KEY_ID,
                BedrockMock.SECRET_ACCESS_KEY, BedrockMock.ACCESS_KEY_ID, WRONG_AWS_SECRET, ALICE, BROKE, DISABLED)
                + AdminClient.ADMIN_SECTION, GatewayHarness.mockDefaults());
        admin = new AdminClient(harness.node.adminPort());
    }

    @AfterAll
    static void stop() throws Exception {
        harness.close();
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.detachAppender(capture);
        root.setLevel(rootLevel);
    }

    @Test
    void noSecretAppearsInLogsAuditRecordsResponsesOrMetrics() throws Exception {
        String chat = "{\"model\":\"%s\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
        String stream = "{\"model\":\"%s\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
        Map<String, String> alice = Map.of("authorization", "Bearer " + ALICE);
        expect(200, "/v1/chat/completions", chat.formatted("openai/gpt-4o-mini"), alice);
        expect(200, "/v1/chat/completions", stream.formatted("anthropic/claude-sonnet-4-5"), alice);
        expect(200, "/v1/chat/completions", chat.formatted("resilient"), alice);
        expect(200, "/v1/chat/completions", chat.formatted("bedrock/anthropic.claude-3-5-sonnet-20240620-v1:0"), alice);
        expect(200, "/v1/embeddings", "{\"model\":\"openai/text-embedding-3-small\",\"input\":\"hi\"}", alice);
        expect(200, "/v1/messages", "{\"model\":\"anthropic/claude-sonnet-4-5\",\"max_tokens\":10,"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}", Map.of("x-api-key", ALICE));
        expect(200, "/v1beta/models/openai/gpt-4o-mini:generateContent",
                "{\"contents\":[{\"parts\":[{\"text\":\"hi\"}]}]}", Map.of("x-goog-api-key", ALICE));
        expect(200, "/v1/responses", "{\"model\":\"openai/gpt-4o-mini\",\"input\":\"hi\"}", alice);
        expectError("/v1/chat/completions", chat.formatted("revoked/gpt-4o-mini"), alice);
        expectError("/v1/chat/completions", chat.formatted("bedrock-wrong/anthropic.claude-3-5-sonnet-20240620-v1:0"),
                alice);
        expectError("/v1/chat/completions", chat.formatted("openai/gpt-4o-mini"), Map.of("authorization", "Bearer " + BROKE));
        expectError("/v1/chat/completions", chat.formatted("openai/gpt-4o-mini"),
                Map.of("authorization", "Bearer " + DISABLED));
        expectError("/v1/chat/completions", chat.formatted("openai/gpt-4o-mini"),
                Map.of("authorization", "Bearer " + UNKNOWN));
        expectError("/v1/messages", chat.formatted("anthropic/claude-sonnet-4-5"), Map.of("x-api-key", UNKNOWN));
        expectError("/v1beta/models/openai/gpt-4o-mini:generateContent", "{}", Map.of("x-goog-api-key", UNKNOWN));
        expectError("/v1/chat/completions", "{\"model\": ", alice);
        expectError("/v1/chat/completions", chat.formatted("nowhere/x"), alice);
        answers.add(get("/v1/key/info", alice));
        admin.get(AdminClient.VIEWER, "/admin/v1/providers");
        admin.get(AdminClient.VIEWER, "/admin/v1/virtual-keys");
        assertThat(admin.post(AdminClient.ADMIN, "/admin/v1/providers", "{\"id\": \"made\", \"type\": \"openai\","
                + " \"base-url\": \"http://127.0.0.1:1\", \"keys\": [{\"name\": \"k\", \"value\": \"" + ADMIN_MADE_KEY
                + "\"}]}").statusCode()).isEqualTo(201);
        admin.patch(AdminClient.ADMIN, "/admin/v1/providers/made", "{\"max-connections\": 32}", null);
        admin.patch(AdminClient.ADMIN, "/admin/v1/virtual-keys/alice", "{\"tags\": {\"team\": \"x\"}}", null);
        admin.get("not-an-admin-token-" + ALICE, "/admin/v1/providers");

        String exported = AuditLogs.awaitExactly(admin, harness, AdminClient.VIEWER, "kind=request", 17).toString()
                + admin.get(AdminClient.VIEWER, "/admin/v1/audit?format=jsonl").body();
        String stored = storedRecords();
        String metrics = harness.get("/metrics").body();

        assertThat(exported).contains("\"key-name\":\"alice\"").contains("\"request-body\":\"{");
        assertThat(stored).contains("\"entity\":\"providers\"");
        assertThat(logLines).isNotEmpty();
        for (String secret : SECRETS) {
            assertThat(logLines).as("log lines").noneMatch(line -> line.contains(secret));
            assertThat(exported).as("exported audit records").doesNotContain(secret);
            assertThat(stored).as("stored audit records").doesNotContain(secret);
            assertThat(answers).as("gateway answers").noneMatch(answer -> answer.contains(secret));
            assertThat(admin.exchanges).as("admin answers").noneMatch(exchange -> exchange.body().contains(secret));
            assertThat(metrics).as("metrics").doesNotContain(secret);
        }
    }

    private static void expect(int status, String path, String body, Map<String, String> headers) throws Exception {
        HttpResponse<String> response = post(path, body, headers);
        assertThat(response.statusCode()).as(path + " " + response.body()).isEqualTo(status);
    }

    private static void expectError(String path, String body, Map<String, String> headers) throws Exception {
        HttpResponse<String> response = post(path, body, headers);
        assertThat(response.statusCode()).as(path + " " + response.body()).isGreaterThanOrEqualTo(400);
    }

    private static HttpResponse<String> post(String path, String body, Map<String, String> headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(harness.baseUrl() + path))
                .timeout(Duration.ofSeconds(30)).header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(request::header);
        HttpResponse<String> response = harness.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        answers.add(response.headers().map() + response.body());
        return response;
    }

    private static String get(String path, Map<String, String> headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(harness.baseUrl() + path)).GET();
        headers.forEach(request::header);
        HttpResponse<String> response = harness.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        return response.headers().map() + response.body();
    }

    /** Every audit record as the database holds it. */
    private static String storedRecords() throws Exception {
        StringBuilder all = new StringBuilder();
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + database);
             Statement select = connection.createStatement();
             ResultSet rows = select.executeQuery("SELECT * FROM audit_records")) {
            int columns = rows.getMetaData().getColumnCount();
            while (rows.next()) {
                for (int column = 1; column <= columns; column++) {
                    all.append(rows.getString(column)).append('\t');
                }
                all.append('\n');
            }
        }
        return all.toString();
    }
}
