package dev.heimdall.node;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.dialect.Dialects;
import dev.heimdall.governance.store.UsageRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static dev.heimdall.node.AdminClient.ADMIN;
import static dev.heimdall.node.AdminClient.OPERATOR;
import static dev.heimdall.node.AdminClient.VIEWER;
import static dev.heimdall.node.AdminClient.json;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The OpenAPI document matches the implementation: every endpoint it lists is called, and every answer (successes
 * and errors alike) is validated against the schema the document gives for that path, method and status, with a
 * maintained JSON Schema validator in the OpenAPI 3.1 dialect.
 */
class AdminOpenApiTest {

    private static final String DOCUMENT = "https://heimdall.invalid/admin/v1/openapi.json";
    private static final Set<String> METHODS = Set.of("get", "put", "post", "patch", "delete");

    private static GatewayHarness harness;
    private static AdminClient admin;
    private static AdminClient gateway;

    @BeforeAll
    static void start() throws Exception {
        harness = GatewayHarness.start(GatewayHarness.DEFAULT_CONFIG + AdminClient.ADMIN_SECTION,
                GatewayHarness.mockDefaults());
        admin = new AdminClient(harness.node.adminPort());
        gateway = new AdminClient(harness.node.port());
    }

    @AfterAll
    static void stop() throws Exception {
        harness.close();
    }

    @Test
    void everyEndpointAnswersAsTheDocumentSays() throws Exception {
        String documentText = admin.get(VIEWER, "/admin/v1/openapi.json").body();
        JsonNode document = AdminClient.JSON.readTree(documentText);
        assertThat(document.get("openapi").asText()).isEqualTo("3.1.0");
        exerciseEveryEndpoint();

        SchemaRegistry registry = SchemaRegistry.withDialect(Dialects.getOpenApi31(),
                builder -> builder.schemas(Map.of(DOCUMENT, documentText)));
        List<String> problems = new ArrayList<>();
        Set<String> answered = new TreeSet<>();
        List<AdminClient.Exchange> exchanges = new ArrayList<>(admin.exchanges);
        exchanges.addAll(gateway.exchanges);
        for (AdminClient.Exchange exchange : exchanges) {
            String template = template(document, exchange.path());
            String method = exchange.method().toLowerCase();
            String where = exchange.method() + " " + exchange.path() + " -> " + exchange.status();
            JsonNode operation = template == null ? null : document.at(pointer("paths", template, method));
            if (operation == null || operation.isMissingNode()) {
                problems.add(where + ": not in the document");
                continue;
            }
            String status = Integer.toString(exchange.status());
            JsonNode response = operation.path("responses").get(status);
            if (response == null) {
                problems.add(where + ": status not in the document");
                continue;
            }
            if (exchange.status() < 300) {
                answered.add(method + " " + template);
            }
            String responsePointer = response.has("$ref") ? response.get("$ref").asText().substring(1)
                    : pointer("paths", template, method, "responses", status);
            JsonNode content = document.at(responsePointer).path("content");
            if (content.isMissingNode()) {
                if (!exchange.body().isEmpty()) {
                    problems.add(where + ": a body where the document has none");
                }
                continue;
            }
            String mediaType = exchange.contentType() == null ? "" : exchange.contentType();
            if (!content.has(mediaType)) {
                problems.add(where + ": content type " + exchange.contentType());
                continue;
            }
            Schema schema = registry.getSchema(SchemaLocation.of(DOCUMENT + "#"
                    + fragment(responsePointer + "/content/" + mediaType.replace("/", "~1") + "/schema")));
            // JSON lines: the schema is each line's
            List<String> documents = mediaType.equals("application/x-ndjson")
                    ? List.of(exchange.body().split("\n")) : List.of(exchange.body());
            for (String body : documents) {
                List<Error> errors = schema.validate(body, InputFormat.JSON);
                if (!errors.isEmpty()) {
                    problems.add(where + ": " + errors + " in " + body);
                }
            }
        }
        assertThat(problems).isEmpty();
        assertThat(answered).containsExactlyInAnyOrderElementsOf(operations(document));
    }

    /** Each endpoint with a success, and the errors the document lists, as a client meets them. */
    private static void exerciseEveryEndpoint() throws Exception {
        Map<String, String> bodies = new java.util.LinkedHashMap<>();
        bodies.put("providers", """
                {"id": "p1", "type": "openai", "base-url": "http://127.0.0.1:1/v1", "models": ["m1"],
                 "keys": [{"name": "main", "value": "sk-p1", "weight": 2, "models": ["m1"]}],
                 "headers": {"OpenAI-Organization": "org-1"}, "timeouts": {"connect": "1s", "first-byte": 2000},
                 "proxy": {"host": "proxy.local", "port": 3128, "username": "u", "password": "p"},
                 "retry": {"max-retries": 1}, "tls": {"verify-host": true}, "max-connections": 16}
                """);
        bodies.put("models", "{\"id\": \"a1\", \"targets\": [{\"provider\": \"p1\", \"model\": \"m1\", \"weight\": 3}],"
                + " \"fallbacks\": [{\"provider\": \"p1\", \"model\": \"m1\", \"key\": \"main\"}]}");
        bodies.put("routing-rules", "{\"id\": \"r1\", \"order\": 1, \"when\": \"request.model == 'x'\", \"model\": \"a1\"}");
        bodies.put("guardrail-policies", "{\"id\": \"g1\", \"secrets\": \"block\", \"pii\": \"redact\"}");
        bodies.put("customers", """
                {"id": "c1", "name": "Acme", "tags": {"tier": "gold"}, "rate-limit": {"tokens-per-day": 1000000},
                 "budgets": [{"usd": 10, "period": "monthly"}, {"name": "r", "usd": 1.5, "period": "rolling", "window": "24h"}]}
                """);
        bodies.put("teams", "{\"id\": \"t1\", \"customer\": \"c1\", \"budgets\": [{\"usd\": 5, \"period\": \"weekly\"}],"
                + " \"rate-limit\": {\"requests-per-minute\": 60}}");
        bodies.put("access-profiles", """
                {"id": "ap1", "description": "batch jobs", "allowed-providers": ["p1"], "allowed-models": ["p1/*", "a1"],
                 "budgets": [{"usd": 1, "period": "daily"}], "rate-limit": {"requests-per-minute": 10},
                 "provider-rate-limits": {"p1": {"tokens-per-minute": 1000}}, "guardrails": "g1", "fallbacks": ["a1"]}
                """);
        bodies.put("virtual-keys", "{\"id\": \"k1\", \"name\": \"CI\", \"team\": \"t1\", \"profile\": \"ap1\","
                + " \"expires-at\": \"2099-01-01T00:00:00Z\", \"tags\": {\"env\": \"ci\"}, \"allowed-models\": [\"a1\"]}");

        for (Map.Entry<String, String> entry : bodies.entrySet()) {
            String collection = "/admin/v1/" + entry.getKey();
            String item = collection + "/" + AdminClient.JSON.readTree(entry.getValue()).get("id").asText();
            assertThat(admin.post(ADMIN, collection, entry.getValue()).statusCode()).as(collection).isEqualTo(201);
            admin.get(VIEWER, collection);
            ObjectNode view = (ObjectNode) json(admin.get(VIEWER, item));
            assertThat(admin.put(ADMIN, item, view.toString(), "\"1\"").statusCode()).as(item).isEqualTo(200);
            assertThat(admin.patch(OPERATOR, item, "{\"version\": 9}", null).statusCode()).as(item).isEqualTo(200);
            admin.post(ADMIN, collection, entry.getValue());
            admin.put(ADMIN, item, view.toString(), "\"1\"");
            admin.get(VIEWER, item + "-missing");
        }
        JsonNode rotated = json(admin.post(ADMIN, "/admin/v1/virtual-keys/k1/rotate", "{\"grace-seconds\": 60}"));
        admin.send(ADMIN, "POST", "/admin/v1/virtual-keys/k1/rotate", "text/plain", "{}", null);
        gateway.getAuthorized("Bearer " + rotated.get("secret").asText(), "/v1/key/info");
        gateway.getAuthorized("Bearer hk-unknown", "/v1/key/info");

        long hour = Instant.now().truncatedTo(ChronoUnit.HOURS).toEpochMilli();
        harness.node.governance().store().addUsage(List.of(
                new UsageRecord(hour, "k1", "t1", "c1", "p1", "m1", 2, 20, 10, 0, 1234),
                new UsageRecord(hour, "k2", null, null, "p1", "m1", 1, 5, 5, 0, 10)));
        admin.get(VIEWER, "/admin/v1/usage?group_by=team");
        admin.get(VIEWER, "/admin/v1/usage?group_by=everything");
        auditLog();
        admin.get(ADMIN, "/admin/v1/admin-tokens");
        admin.get(VIEWER, "/admin/v1/admin-tokens");
        admin.get(null, "/admin/v1/customers");
        admin.post(VIEWER, "/admin/v1/customers", "{\"id\": \"c2\"}");
        admin.post(ADMIN, "/admin/v1/customers", "{\"id\": \"c2\", \"name\": \"" + "x".repeat(600_000) + "\"}");
        admin.post(ADMIN, "/admin/v1/customers", "{\"id\": \"c2\", \"budgets\": 3}");
        admin.delete(ADMIN, "/admin/v1/customers/c1", null);
        admin.delete(ADMIN, "/admin/v1/customers/c1", "\"1\"");

        harness.openai.chat().completions().create(com.openai.models.chat.completions.ChatCompletionCreateParams.builder()
                .model("openai/gpt-4o-mini").addUserMessage("hi").build());
        String self = json(admin.get(VIEWER, "/admin/v1/cluster")).get("self").asText();
        admin.get(null, "/admin/v1/cluster");
        admin.get(VIEWER, "/admin/v1/cluster/members/" + self);
        admin.get(VIEWER, "/admin/v1/cluster/members/no-such-member");
        admin.post(VIEWER, "/admin/v1/cluster/members/self/drain", null);
        assertThat(admin.post(OPERATOR, "/admin/v1/cluster/members/self/drain", null).statusCode()).isEqualTo(202);
        assertThat(admin.post(OPERATOR, "/admin/v1/cluster/members/" + self + "/undrain", null).statusCode())
                .isEqualTo(202);
        admin.post(OPERATOR, "/admin/v1/cluster/members/no-such-member/undrain", null);
        admin.post(ADMIN, "/admin/v1/cluster/members/no-such-member/drain", null);

        List<String> kinds = new ArrayList<>(bodies.keySet());
        java.util.Collections.reverse(kinds);
        for (String kind : kinds) {
            String item = "/admin/v1/" + kind + "/" + AdminClient.JSON.readTree(bodies.get(kind)).get("id").asText();
            assertThat(admin.delete(ADMIN, item, null).statusCode()).as(item).isEqualTo(204);
        }
    }

    /** The audit log holds the admin changes above and a request: pages, filters, the export and a bad filter. */
    private static void auditLog() throws Exception {
        assertThat(harness.post("/v1/chat/completions", "application/json",
                "{\"model\": \"openai/gpt-4o-mini\", \"messages\": [{\"role\": \"user\", \"content\": \"hi\"}]}")
                .statusCode()).isEqualTo(200);
        JsonNode requests = AuditLogs.await(admin, VIEWER, "kind=request", 1);
        assertThat(requests.at("/data/0/status").asInt()).isEqualTo(200);
        JsonNode first = json(admin.get(VIEWER, "/admin/v1/audit?kind=admin&limit=2"));
        assertThat(first.get("data")).hasSize(2);
        admin.get(VIEWER, "/admin/v1/audit?kind=admin&limit=2&cursor=" + first.get("next-cursor").asText());
        admin.get(VIEWER, "/admin/v1/audit?status=2xx&provider=openai&format=jsonl");
        admin.get(VIEWER, "/admin/v1/audit?format=jsonl");
        admin.get(VIEWER, "/admin/v1/audit?status=abc");
    }

    /** The document's path template that {@code path} fills in, or null. */
    private static String template(JsonNode document, String path) {
        for (Iterator<String> templates = document.get("paths").fieldNames(); templates.hasNext(); ) {
            String template = templates.next();
            if (path.matches(template.replace(".", "\\.").replaceAll("\\{[^/]+}", "[^/]+"))) {
                return template;
            }
        }
        return null;
    }

    private static Set<String> operations(JsonNode document) {
        Set<String> operations = new TreeSet<>();
        document.get("paths").fields().forEachRemaining(path -> path.getValue().fieldNames().forEachRemaining(method -> {
            if (METHODS.contains(method)) {
                operations.add(method + " " + path.getKey());
            }
        }));
        return operations;
    }

    private static String pointer(String... tokens) {
        StringBuilder pointer = new StringBuilder();
        for (String token : tokens) {
            pointer.append('/').append(token.replace("~", "~0").replace("/", "~1"));
        }
        return pointer.toString();
    }

    /** A JSON pointer as a URI fragment (RFC 6901, section 6). */
    private static String fragment(String pointer) {
        return URLEncoder.encode(pointer, StandardCharsets.UTF_8).replace("%2F", "/").replace("%7E", "~");
    }
}
