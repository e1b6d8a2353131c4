package dev.heimdall.node;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static dev.heimdall.node.AdminClient.ADMIN;
import static dev.heimdall.node.AdminClient.OPERATOR;
import static dev.heimdall.node.AdminClient.VIEWER;
import static dev.heimdall.node.AdminClient.json;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The audit log through the real HTTP surface: a mixed run of requests (answered, streamed, fallen back, routed by a
 * rule, refused by a budget, unauthenticated, for an unknown model) leaves exactly one record each with the fields
 * that say what happened; the log is filtered, paged and exported through the admin API; admin changes are on
 * record too.
 */
class AuditLogTest {

    private static final String ALICE = "hk-audit-alice-000000000000000000001";
    private static final String BROKE = "hk-audit-broke-000000000000000000002";
    private static final String CONFIG = """
            server: { host: 127.0.0.1, port: 0, event-loops: 2, max-body-size: 64KiB }
            authentication: { required: true }
            audit: { bodies: redacted, node-id: audit-node }
            guardrails: { secrets: block }
            providers:
              openai:
                type: openai
                base-url: "http://127.0.0.1:MOCK/openai"
                keys: [ { name: main, value: sk-test-openai } ]
              anthropic:
                type: anthropic
                base-url: "http://127.0.0.1:MOCK/anthropic"
                keys: [ { name: main, value: sk-ant-test } ]
              down:
                type: openai
                base-url: "http://127.0.0.1:1"
                keys: [ { name: k, value: sk-unused } ]
                timeouts: { connect: 1s }
                retry: { max-retries: 0 }
            models:
              resilient:
                targets: [ { provider: down, model: gpt-4o } ]
                fallbacks: [ { provider: openai, model: gpt-4o-mini } ]
            routing-rules:
              - { name: summaries, when: 'request.metadata.task == "summary"', route: { provider: openai, model: gpt-4o-mini } }
            customers:
              acme: { name: Acme }
            teams:
              ml: { customer: acme }
            virtual-keys:
              - { name: alice, key: "%s", team: ml }
              - { name: broke, key: "%s", budgets: [ { name: nothing-left, usd: 0, period: daily } ] }
            """.formatted(ALICE, BROKE) + AdminClient.ADMIN_SECTION;

    private static GatewayHarness harness;
    private static AdminClient admin;
    /** What each request of the run was, by its x-request-id. */
    private static final Map<String, String> SENT = new HashMap<>();

    @BeforeAll
    static void runMixedRequests() throws Exception {
        harness = GatewayHarness.start(CONFIG, GatewayHarness.mockDefaults());
        admin = new AdminClient(harness.node.adminPort());
        for (int i = 0; i < 4; i++) {
            expect(200, chat("ok-" + i, ALICE, "openai/gpt-4o-mini", false, Map.of()));
        }
        for (int i = 0; i < 2; i++) {
            expect(200, chat("stream-" + i, ALICE, "openai/gpt-4o-mini", true, Map.of()));
        }
        for (int i = 0; i < 2; i++) {
            expect(200, chat("fallback-" + i, ALICE, "resilient", false, Map.of()));
        }
        expect(200, chat("rule-0", ALICE, "resilient", false, Map.of("x-heimdall-meta-task", "summary")));
        for (int i = 0; i < 2; i++) {
            expect(429, chat("budget-" + i, BROKE, "openai/gpt-4o-mini", false, Map.of()));
        }
        for (int i = 0; i < 2; i++) {
            expect(401, chat("unauthenticated-" + i, "hk-audit-nobody-0000000000000000000", "openai/gpt-4o-mini",
                    false, Map.of()));
        }
        expect(404, chat("unknown-0", ALICE, "nowhere/model", false, Map.of()));
        // refused by the HTTP layer before any ingress handler: still requests on record
        expect(413, send("too-large-0", "/v1/chat/completions", "{\"model\":\"openai/gpt-4o-mini\",\"messages\":"
                + "[{\"role\":\"user\",\"content\":\"" + "x".repeat(70_000) + "\"}]}", Map.of("authorization", "Bearer " + ALICE)));
        expect(404, send("no-such-url-0", "/v1/nothing-here", "{}", Map.of("authorization", "Bearer " + ALICE)));
        // an AWS access key id, made here so no key-shaped literal sits in the repository
        String awsKey = "AKIA" + "QZ7XW2VB5NM3KJ4H";
        for (int i = 0; i < 2; i++) {
            expect(400, send("guardrail-" + i, "/v1/chat/completions", "{\"model\":\"openai/gpt-4o-mini\","
                    + "\"messages\":[{\"role\":\"user\",\"content\":\"deploy with " + awsKey + "\"}]}",
                    Map.of("authorization", "Bearer " + ALICE)));
        }
        expect(200, send("anthropic-0", "/v1/messages", "{\"model\":\"openai/gpt-4o-mini\",\"max_tokens\":10,"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}", Map.of("x-api-key", ALICE)));
    }

    @AfterAll
    static void stop() throws Exception {
        harness.close();
    }

    @Test
    void everyRequestLeavesExactlyOneRecordThatSaysWhatHappened() throws Exception {
        Map<String, JsonNode> records = byRequestId(AuditLogs.awaitExactly(admin, harness, VIEWER, "kind=request",
                SENT.size()));
        assertThat(records.keySet()).isEqualTo(SENT.keySet());

        JsonNode ok = records.get("ok-0");
        assertThat(ok.get("node").asText()).isEqualTo("audit-node");
        assertThat(ok.get("ingress").asText()).isEqualTo("openai");
        assertThat(ok.get("key-id").asText()).isEqualTo("alice");
        assertThat(ok.get("key-name").asText()).isEqualTo("alice");
        assertThat(ok.get("team").asText()).isEqualTo("ml");
        assertThat(ok.get("customer").asText()).isEqualTo("acme");
        assertThat(ok.get("requested-model").asText()).isEqualTo("openai/gpt-4o-mini");
        assertThat(ok.get("provider").asText()).isEqualTo("openai");
        assertThat(ok.get("model").asText()).isEqualTo("gpt-4o-mini");
        assertThat(ok.get("status").asInt()).isEqualTo(200);
        assertThat(ok.get("attempts")).hasSize(1);
        assertThat(ok.at("/attempts/0/key").asText()).isEqualTo("main");
        assertThat(ok.at("/attempts/0/status").asInt()).isEqualTo(200);
        assertThat(ok.at("/attempts/0/error").isNull()).isTrue();
        assertThat(ok.get("input-tokens").asLong()).isPositive();
        assertThat(ok.get("output-tokens").asLong()).isPositive();
        assertThat(ok.get("cost-usd").decimalValue()).isPositive();
        assertThat(ok.get("first-token-ms").isNull()).isTrue();
        assertThat(ok.get("rule").isNull()).isTrue();
        // audit.bodies is redacted: the prompt is kept, the e-mail address in it is not
        assertThat(ok.get("request-body").asText()).contains("please summarise").contains("[REDACTED:email]")
                .doesNotContain("bob@example.com");
        assertThat(ok.get("response-body").asText()).isNotEmpty();

        assertThat(records.get("stream-0").get("first-token-ms").isNumber()).isTrue();
        assertThat(records.get("stream-0").get("output-tokens").asLong()).isPositive();
        assertThat(records.get("stream-0").get("response-body").asText()).isNotEmpty();

        JsonNode blocked = records.get("guardrail-0");
        assertThat(blocked.get("status").asInt()).isEqualTo(400);
        assertThat(blocked.get("attempts")).isEmpty();
        assertThat(blocked.at("/guardrail-findings/0/rule").asText()).isEqualTo("aws-access-token");
        assertThat(blocked.at("/guardrail-findings/0/action").asText()).isEqualTo("block");
        assertThat(blocked.toString()).doesNotContain("QZ7XW2VB5NM3KJ4H");

        JsonNode fallback = records.get("fallback-0");
        assertThat(fallback.get("requested-model").asText()).isEqualTo("resilient");
        assertThat(fallback.get("attempts")).hasSize(2);
        assertThat(fallback.at("/attempts/0/provider").asText()).isEqualTo("down");
        assertThat(fallback.at("/attempts/0/error").asText()).isEqualTo("ConnectFailure");
        assertThat(fallback.at("/attempts/0/status").asInt()).isZero();
        assertThat(fallback.at("/attempts/1/provider").asText()).isEqualTo("openai");
        assertThat(fallback.get("provider").asText()).isEqualTo("openai");
        assertThat(fallback.get("status").asInt()).isEqualTo(200);

        JsonNode ruled = records.get("rule-0");
        assertThat(ruled.get("rule").asText()).isEqualTo("summaries");
        assertThat(ruled.get("attempts")).hasSize(1);

        JsonNode refused = records.get("budget-0");
        assertThat(refused.get("status").asInt()).isEqualTo(429);
        assertThat(refused.get("key-name").asText()).isEqualTo("broke");
        assertThat(refused.get("attempts")).isEmpty();
        assertThat(refused.get("provider").isNull()).isTrue();
        assertThat(refused.get("cost-usd").isNull()).isTrue();

        JsonNode unauthenticated = records.get("unauthenticated-0");
        assertThat(unauthenticated.get("status").asInt()).isEqualTo(401);
        assertThat(unauthenticated.get("key-id").isNull()).isTrue();
        assertThat(unauthenticated.get("requested-model").isNull()).isTrue();
        assertThat(unauthenticated.get("request-body").isNull()).as("refused before the body was read").isTrue();

        assertThat(records.get("unknown-0").get("status").asInt()).isEqualTo(404);
        assertThat(records.get("anthropic-0").get("ingress").asText()).isEqualTo("anthropic");
    }

    @Test
    void filtersSelectTheMatchingRequests() throws Exception {
        AuditLogs.await(admin, VIEWER, "kind=request", SENT.size());

        assertThat(requestIds("key=alice")).hasSize(15).allMatch(id -> !id.startsWith("budget") && !id.startsWith("unauth"));
        assertThat(requestIds("team=ml")).hasSize(15);
        assertThat(requestIds("status=413")).containsExactly("too-large-0");
        assertThat(requestIds("status=400")).containsExactlyInAnyOrder("guardrail-0", "guardrail-1");
        assertThat(requestIds("status=429")).containsExactlyInAnyOrder("budget-0", "budget-1");
        assertThat(requestIds("status=4xx")).hasSize(9);
        assertThat(requestIds("rule=summaries")).containsExactly("rule-0");
        assertThat(requestIds("provider=openai&model=gpt-4o-mini")).hasSize(10);
        assertThat(requestIds("request_id=fallback-1")).containsExactly("fallback-1");
        assertThat(requestIds("from=2000-01-01&to=2001-01-01")).isEmpty();
    }

    @Test
    void pagesAndTheExportMeetEveryRecordOnce() throws Exception {
        AuditLogs.await(admin, VIEWER, "kind=request", SENT.size());

        List<String> paged = new ArrayList<>();
        String query = "/admin/v1/audit?kind=request&limit=4";
        JsonNode page = json(admin.get(VIEWER, query));
        paged.addAll(ids(page));
        while (!page.get("next-cursor").isNull()) {
            page = json(admin.get(VIEWER, query + "&cursor=" + page.get("next-cursor").asText()));
            paged.addAll(ids(page));
        }
        assertThat(paged).hasSize(SENT.size()).doesNotHaveDuplicates();

        HttpResponse<String> export = admin.get(VIEWER, "/admin/v1/audit?kind=request&format=jsonl");
        assertThat(export.statusCode()).isEqualTo(200);
        assertThat(export.headers().firstValue("content-type")).hasValue("application/x-ndjson");
        List<String> exported = new ArrayList<>();
        for (String line : export.body().split("\n")) {
            exported.add(AdminClient.JSON.readTree(line).get("request-id").asText());
        }
        assertThat(exported).containsExactlyElementsOf(paged);
    }

    @Test
    void theLogIsReadWithAnAdminTokenOfAnyRoleOnly() throws Exception {
        assertThat(admin.get(VIEWER, "/admin/v1/audit").statusCode()).isEqualTo(200);
        assertThat(admin.get(OPERATOR, "/admin/v1/audit").statusCode()).isEqualTo(200);
        assertThat(admin.get(null, "/admin/v1/audit").statusCode()).isEqualTo(401);
        assertThat(harness.get("/admin/v1/audit").statusCode()).isEqualTo(401);
        HttpResponse<String> bad = admin.get(VIEWER, "/admin/v1/audit?status=4x");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(json(bad).at("/error/field").asText()).isEqualTo("status");
        assertThat(admin.get(VIEWER, "/admin/v1/audit?colour=red").statusCode()).isEqualTo(400);
    }

    @Test
    void adminChangesAreRecordedWithWhoAndTheEntityBeforeAndAfterWithoutProviderSecrets() throws Exception {
        assertThat(admin.post(OPERATOR, "/admin/v1/teams", "{\"id\": \"audited\", \"name\": \"Before\"}").statusCode())
                .isEqualTo(201);
        assertThat(admin.patch(ADMIN, "/admin/v1/teams/audited", "{\"name\": \"After\"}", null).statusCode())
                .isEqualTo(200);
        assertThat(admin.delete(ADMIN, "/admin/v1/teams/audited", null).statusCode()).isEqualTo(204);
        assertThat(admin.post(ADMIN, "/admin/v1/providers", "{\"id\": \"vaulted\", \"type\": \"openai\", \"base-url\":"
                + " \"http://127.0.0.1:1\", \"keys\": [{\"name\": \"k\", \"value\": \"sk-audit-provider-secret-77\"}]}")
                .statusCode()).isEqualTo(201);

        JsonNode changes = AuditLogs.await(admin, VIEWER, "kind=admin", 4);
        List<JsonNode> team = new ArrayList<>();
        changes.get("data").forEach(record -> {
            if (record.get("entity-id").asText().equals("audited")) {
                team.add(record);
            }
        });
        assertThat(team).extracting(r -> r.get("action").asText()).containsExactly("deleted", "replaced", "created");
        JsonNode created = team.get(2);
        assertThat(created.get("actor").asText()).isEqualTo("ops");
        assertThat(created.get("role").asText()).isEqualTo("operator");
        assertThat(created.get("entity").asText()).isEqualTo("teams");
        assertThat(created.get("before").isNull()).isTrue();
        assertThat(created.at("/after/name").asText()).isEqualTo("Before");
        JsonNode replaced = team.get(1);
        assertThat(replaced.get("actor").asText()).isEqualTo("root");
        assertThat(replaced.at("/before/name").asText()).isEqualTo("Before");
        assertThat(replaced.at("/after/name").asText()).isEqualTo("After");
        assertThat(replaced.get("version").asLong()).isEqualTo(2);
        assertThat(team.get(0).at("/before/name").asText()).isEqualTo("After");
        assertThat(team.get(0).get("after").isNull()).isTrue();

        String export = admin.get(VIEWER, "/admin/v1/audit?kind=admin&format=jsonl").body();
        assertThat(export).contains("\"entity-id\":\"vaulted\"").contains("\"has-secret\":true")
                .doesNotContain("sk-audit-provider-secret-77");
    }

    private static void expect(int status, HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    }

    private static HttpResponse<String> chat(String requestId, String key, String model, boolean stream,
                                             Map<String, String> headers) throws Exception {
        Map<String, String> all = new HashMap<>(headers);
        all.put("authorization", "Bearer " + key);
        return send(requestId, "/v1/chat/completions", "{\"model\":\"" + model + "\","
                + (stream ? "\"stream\":true,\"stream_options\":{\"include_usage\":true}," : "")
                + "\"messages\":[{\"role\":\"user\",\"content\":\"please summarise this for bob@example.com\"}]}", all);
    }

    private static HttpResponse<String> send(String requestId, String path, String body, Map<String, String> headers)
            throws Exception {
        SENT.put(requestId, path);
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(harness.baseUrl() + path))
                .timeout(Duration.ofSeconds(30)).header("content-type", "application/json")
                .header("x-request-id", requestId).POST(HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(request::header);
        return harness.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static Map<String, JsonNode> byRequestId(JsonNode page) {
        Map<String, JsonNode> records = new HashMap<>();
        page.get("data").forEach(record -> assertThat(records.put(record.get("request-id").asText(), record))
                .as("one record per request").isNull());
        return records;
    }

    private static Set<String> requestIds(String filter) throws Exception {
        JsonNode page = json(admin.get(VIEWER, "/admin/v1/audit?kind=request&limit=1000&" + filter));
        return new HashSet<>(ids(page));
    }

    private static List<String> ids(JsonNode page) {
        List<String> ids = new ArrayList<>();
        page.get("data").forEach(record -> ids.add(record.get("request-id").asText()));
        return ids;
    }
}
