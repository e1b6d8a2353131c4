package dev.heimdall.node;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;

import static dev.heimdall.node.AdminClient.ADMIN;
import static dev.heimdall.node.AdminClient.json;
import static org.assertj.core.api.Assertions.assertThat;

/** Bad requests to the admin API: each answered 4xx in the one error shape, naming the field where there is one. */
class AdminValidationTest {

    private static GatewayHarness harness;
    private static AdminClient admin;

    @BeforeAll
    static void start() throws Exception {
        harness = GatewayHarness.start(GatewayHarness.DEFAULT_CONFIG + AdminClient.ADMIN_SECTION,
                GatewayHarness.mockDefaults());
        admin = new AdminClient(harness.node.adminPort());
        admin.post(ADMIN, "/admin/v1/customers", "{\"id\": \"existing\"}");
    }

    @AfterAll
    static void stop() throws Exception {
        harness.close();
    }

    @Test
    void malformedJsonIsRefusedWithWhereItBroke() throws Exception {
        assertError(admin.post(ADMIN, "/admin/v1/customers", "{\"id\": \"x\","), 400, "invalid_request", null,
                "Malformed JSON at line 1");
        assertError(admin.post(ADMIN, "/admin/v1/customers", "{\"id\": \"x\"} {}"), 400, "invalid_request", null,
                "Malformed JSON");
        assertError(admin.post(ADMIN, "/admin/v1/customers", "{\"id\": \"x\", \"id\": \"y\"}"), 400,
                "invalid_request", null, "a field appears twice");
        assertError(admin.post(ADMIN, "/admin/v1/customers", "[{\"id\": \"x\"}]"), 400, "invalid_request", null,
                "Expected a JSON object");
        assertError(admin.post(ADMIN, "/admin/v1/customers", ""), 400, "invalid_request", null, "got nothing");
    }

    @Test
    void wrongTypesAndValuesNameTheirField() throws Exception {
        assertError(admin.post(ADMIN, "/admin/v1/customers", "{\"id\": \"c1\", \"budgets\": [{\"usd\": \"ten\", \"period\": \"daily\"}]}"),
                400, "invalid_request", "budgets[0].usd", "expected an amount in US dollars");
        assertError(admin.post(ADMIN, "/admin/v1/customers", "{\"id\": \"c1\", \"budgets\": [{\"usd\": 0.0000001, \"period\": \"daily\"}]}"),
                400, "invalid_request", "budgets[0].usd", "at most 6 decimal places");
        assertError(admin.post(ADMIN, "/admin/v1/customers", "{\"id\": \"c1\", \"budgets\": [{\"usd\": 5, \"period\": \"rolling\"}]}"),
                400, "invalid_request", "budgets[0].window", "rolling window");
        assertError(admin.post(ADMIN, "/admin/v1/customers", "{\"id\": \"c1\", \"budgets\": [{\"usd\": 5, \"period\": \"daily\"},"
                + " {\"usd\": 6, \"period\": \"daily\"}]}"), 400, "invalid_request", "budgets[1].name", "unique");
        assertError(admin.post(ADMIN, "/admin/v1/teams", "{\"id\": \"t1\", \"rate-limit\": {\"requests-per-minute\": -1}}"),
                400, "invalid_request", "rate-limit.requests-per-minute", "expected an integer between 0 and");
        assertError(admin.post(ADMIN, "/admin/v1/teams", "{\"id\": \"t1\", \"name\": 5}"),
                400, "invalid_request", "name", "expected a display name");
        assertError(admin.post(ADMIN, "/admin/v1/virtual-keys", "{\"enabled\": \"yes\"}"),
                400, "invalid_request", "enabled", "expected true or false");
        assertError(admin.post(ADMIN, "/admin/v1/virtual-keys", "{\"expires-at\": \"tomorrow\"}"),
                400, "invalid_request", "expires-at", "RFC 3339");
        assertError(admin.post(ADMIN, "/admin/v1/providers", "{\"id\": \"p1\", \"type\": \"openai\", \"base-url\": \"ftp://x\"}"),
                400, "invalid_request", "base-url", "expected an http or https URL");
        assertError(admin.post(ADMIN, "/admin/v1/providers", "{\"id\": \"p1\", \"type\": \"openai\", \"base-url\": \"http://x\","
                + " \"keys\": [{\"name\": \"k\", \"value\": \"v\", \"weight\": 0}]}"),
                400, "invalid_request", "keys[0].weight", "between 1 and");
        assertError(admin.post(ADMIN, "/admin/v1/providers", "{\"id\": \"Upper\", \"type\": \"openai\", \"base-url\": \"http://x\"}"),
                400, "invalid_request", "id", "provider name");
    }

    @Test
    void unknownFieldsAreRefusedNotIgnored() throws Exception {
        assertError(admin.post(ADMIN, "/admin/v1/customers", "{\"id\": \"c2\", \"colour\": \"red\"}"),
                400, "invalid_request", "colour", "unknown field");
        assertError(admin.post(ADMIN, "/admin/v1/access-profiles", "{\"id\": \"p2\", \"rate-limit\": {\"requests-per-second\": 1}}"),
                400, "invalid_request", "rate-limit.requests-per-second", "unknown field");
        assertError(admin.post(ADMIN, "/admin/v1/virtual-keys", "{\"hash\": \"" + "0".repeat(64) + "\"}"),
                400, "invalid_request", "hash", "unknown field");
        assertError(admin.post(ADMIN, "/admin/v1/providers", "{\"id\": \"p2\", \"type\": \"openai\", \"base-url\": \"http://x\", \"colour\": 1}"),
                400, "invalid_request", "colour", "unknown key");
        assertError(admin.post(ADMIN, "/admin/v1/models", "{\"id\": \"m2\", \"targets\": [], \"extra\": true}"),
                400, "invalid_request", "extra", "unknown key");
    }

    @Test
    void oversizedAndMistypedBodiesAreRefusedBeforeTheyAreRead() throws Exception {
        String huge = "{\"id\": \"big\", \"name\": \"" + "x".repeat(600 * 1024) + "\"}";
        assertError(admin.post(ADMIN, "/admin/v1/customers", huge), 413, "payload_too_large", null, "larger than");
        assertError(admin.send(ADMIN, "POST", "/admin/v1/customers", "text/plain", "{\"id\": \"x\"}", null),
                415, "unsupported_media_type", null, "application/json");
        assertError(admin.send(ADMIN, "PUT", "/admin/v1/customers/existing", "application/merge-patch+json", "{}", null),
                415, "unsupported_media_type", null, "application/json");
    }

    @Test
    void idsVersionsAndQueryParametersAreChecked() throws Exception {
        assertError(admin.post(ADMIN, "/admin/v1/customers", "{\"id\": \"existing\"}"), 409, "conflict", null,
                "exists already");
        assertError(admin.post(ADMIN, "/admin/v1/customers", "{\"id\": \"../etc\"}"), 400, "invalid_request", "id",
                "Expected an id");
        assertError(admin.post(ADMIN, "/admin/v1/customers", "{\"name\": \"no id\"}"), 400, "invalid_request", "id",
                "Expected an id");
        assertError(admin.put(ADMIN, "/admin/v1/customers/existing", "{\"id\": \"other\"}", null), 400,
                "invalid_request", "id", "ids cannot change");
        assertError(admin.put(ADMIN, "/admin/v1/customers/missing", "{}", null), 404, "not_found", null, "missing");
        assertError(admin.put(ADMIN, "/admin/v1/customers/existing", "{}", "\"99\""), 412, "precondition_failed", null,
                "version 1, not 99");
        assertError(admin.put(ADMIN, "/admin/v1/customers/existing", "{}", "garbage"), 412, "precondition_failed",
                null, "ETag");
        assertError(admin.get(ADMIN, "/admin/v1/customers?limit=0"), 400, "invalid_request", "limit", "between 1 and");
        assertError(admin.get(ADMIN, "/admin/v1/customers?cursor=***"), 400, "invalid_request", "cursor", "Expected a cursor");
        assertError(admin.get(ADMIN, "/admin/v1/customers?page=2"), 400, "invalid_request", "page", "Unknown query");
        assertError(admin.get(ADMIN, "/admin/v1/customers/existing?x=1"), 400, "invalid_request", "x", "no query");
        assertError(admin.get(ADMIN, "/admin/v1/usage?from=2026-13-01"), 400, "invalid_request", "from", "RFC 3339");
        assertError(admin.get(ADMIN, "/admin/v1/usage?from=2026-11-02&to=2026-11-01"), 400, "invalid_request",
                "from", "before to");
        assertError(admin.post(ADMIN, "/admin/v1/virtual-keys/nobody/rotate", "{}"), 404, "not_found", null, "nobody");
    }

    @Test
    void unknownEndpointsAndMethodsAnswerInTheAdminShape() throws Exception {
        assertError(admin.get(ADMIN, "/admin/v1/planets"), 404, "not_found", null, "No admin endpoint");
        HttpResponse<String> wrongMethod = admin.send(ADMIN, "POST", "/admin/v1/customers/existing", "application/json", "{}", null);
        assertError(wrongMethod, 405, "method_not_allowed", null, "allowed: GET, PUT, PATCH, DELETE");
        assertThat(wrongMethod.headers().firstValue("allow")).hasValue("GET, PUT, PATCH, DELETE");
    }

    private static void assertError(HttpResponse<String> response, int status, String type, String field,
                                    String messagePart) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("content-type")).hasValue("application/json");
        JsonNode error = json(response).get("error");
        assertThat(error.get("type").asText()).isEqualTo(type);
        assertThat(error.get("message").asText()).contains(messagePart);
        if (field == null) {
            assertThat(error.has("field")).as(response.body()).isFalse();
        } else {
            assertThat(error.get("field").asText()).isEqualTo(field);
        }
    }
}
