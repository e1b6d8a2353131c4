package dev.heimdall.node;

import com.fasterxml.jackson.databind.JsonNode;
import dev.heimdall.governance.budget.BudgetPeriod;
import dev.heimdall.governance.budget.LedgerKey;
import dev.heimdall.governance.limits.LimitKind;
import dev.heimdall.governance.limits.LimitWindow;
import dev.heimdall.governance.limits.QuotaCounter;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import static dev.heimdall.node.AdminClient.ADMIN;
import static dev.heimdall.node.AdminClient.json;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code GET /v1/key/info}: a virtual key reads its own policy and what is left of its budgets and limits, which the
 * node's ledger and quota counters report; keys made, disabled and rotated through the admin API take effect at once.
 */
class KeyInfoTest {

    private static GatewayHarness harness;
    private static AdminClient admin;
    private static String keyId;
    private static String secret;

    @BeforeAll
    static void start() throws Exception {
        harness = GatewayHarness.start(GatewayHarness.DEFAULT_CONFIG + AdminClient.ADMIN_SECTION,
                GatewayHarness.mockDefaults());
        admin = new AdminClient(harness.node.adminPort());
        admin.post(ADMIN, "/admin/v1/customers", "{\"id\": \"acme\", \"budgets\": [{\"usd\": 100, \"period\": \"monthly\"}]}");
        admin.post(ADMIN, "/admin/v1/teams", "{\"id\": \"ml\", \"customer\": \"acme\", \"rate-limit\": {\"requests-per-minute\": 100}}");
        admin.post(ADMIN, "/admin/v1/access-profiles", """
                {"id": "batch", "allowed-models": ["groq/*"],
                 "budgets": [{"name": "daily-guard", "usd": 2, "period": "daily"}],
                 "rate-limit": {"requests-per-minute": 10, "tokens-per-minute": 1000},
                 "provider-rate-limits": {"openai": {"requests-per-minute": 5}}}
                """);
        JsonNode key = json(admin.post(ADMIN, "/admin/v1/virtual-keys",
                "{\"id\": \"ci\", \"name\": \"CI\", \"team\": \"ml\", \"profile\": \"batch\", \"allowed-models\": [\"openai/*\"]}"));
        keyId = key.get("id").asText();
        secret = key.get("secret").asText();
    }

    @AfterAll
    static void stop() throws Exception {
        harness.close();
    }

    @Test
    void aKeyReadsItsPolicyAndWhatIsLeftOfItsBudgetsAndLimits() throws Exception {
        NodeGovernance governance = harness.node.governance();
        long now = System.currentTimeMillis();
        LedgerKey daily = new LedgerKey("key:" + keyId, "daily-guard",
                governance.windows().current(BudgetPeriod.DAILY, now).startMillis());
        governance.ledger().tryReserve(daily, 500_000, 2_000_000);
        governance.ledger().settle(daily, 500_000, 500_000);
        governance.ledger().tryReserve(daily, 250_000, 2_000_000);
        governance.quotas().tryAcquire(new QuotaCounter("key:" + keyId, LimitKind.REQUESTS, LimitWindow.MINUTE,
                LimitWindow.MINUTE.startOf(now)), 3, 10);

        HttpResponse<String> response = info("Authorization", "Bearer " + secret);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode body = json(response);
        assertThat(body.at("/key/id").asText()).isEqualTo("ci");
        assertThat(body.at("/key/team").asText()).isEqualTo("ml");
        assertThat(body.at("/key/customer").asText()).isEqualTo("acme");
        assertThat(body.at("/policy/allowed-models").toString()).isEqualTo("[\"openai/*\"]");
        assertThat(response.body()).doesNotContain(secret);

        JsonNode guard = body.at("/budgets/0");
        assertThat(guard.get("owner").asText()).isEqualTo("key");
        assertThat(guard.get("name").asText()).isEqualTo("daily-guard");
        assertThat(guard.get("spent-usd").decimalValue()).isEqualByComparingTo("0.5");
        assertThat(guard.get("reserved-usd").decimalValue()).isEqualByComparingTo("0.25");
        assertThat(guard.get("remaining-usd").decimalValue()).isEqualByComparingTo("1.25");
        assertThat(guard.has("resets-at")).isTrue();
        JsonNode customerBudget = body.at("/budgets/1");
        assertThat(customerBudget.get("owner").asText()).isEqualTo("customer");
        assertThat(customerBudget.get("remaining-usd").decimalValue()).isEqualByComparingTo("100");

        JsonNode requests = body.at("/rate-limits/0");
        assertThat(requests.toString()).contains("\"owner\":\"key\"", "\"kind\":\"requests\"", "\"window\":\"minute\"",
                "\"limit\":10", "\"remaining\":7");
        assertThat(body.get("rate-limits").toString())
                .contains("\"owner\":\"team\",\"owner-id\":\"ml\",\"kind\":\"requests\",\"window\":\"minute\",\"limit\":100,\"remaining\":100")
                .contains("\"provider\":\"openai\",\"kind\":\"requests\",\"window\":\"minute\",\"limit\":5");
    }

    @Test
    void theKeyIsAcceptedInEachIngressApisNativeHeader() throws Exception {
        assertThat(info("x-api-key", secret).statusCode()).isEqualTo(200);
        assertThat(info("x-goog-api-key", secret).statusCode()).isEqualTo(200);
    }

    @Test
    void missingUnknownAndDisabledKeysAreRefusedInOpenAisShape() throws Exception {
        HttpResponse<String> missing = harness.get("/v1/key/info");
        assertThat(missing.statusCode()).isEqualTo(401);
        assertThat(json(missing).at("/error/code").asText()).isEqualTo("invalid_api_key");
        assertThat(info("Authorization", "Bearer hk-not-a-key").statusCode()).isEqualTo(401);

        String other = json(admin.post(ADMIN, "/admin/v1/virtual-keys", "{\"id\": \"toggled\"}")).get("secret").asText();
        assertThat(info("Authorization", "Bearer " + other).statusCode()).isEqualTo(200);
        admin.patch(ADMIN, "/admin/v1/virtual-keys/toggled", "{\"enabled\": false}", null);
        HttpResponse<String> disabled = info("Authorization", "Bearer " + other);
        assertThat(disabled.statusCode()).isEqualTo(401);
        assertThat(json(disabled).at("/error/message").asText()).contains("disabled");
        admin.patch(ADMIN, "/admin/v1/virtual-keys/toggled", "{\"expires-at\": \"2020-01-01T00:00:00Z\", \"enabled\": true}", null);
        assertThat(json(info("Authorization", "Bearer " + other)).at("/error/message").asText()).contains("expired");
    }

    @Test
    void aRotatedOutSecretWorksUntilItsGraceEnds() throws Exception {
        String first = json(admin.post(ADMIN, "/admin/v1/virtual-keys", "{\"id\": \"rotated\"}")).get("secret").asText();
        String second = json(admin.post(ADMIN, "/admin/v1/virtual-keys/rotated/rotate", "{\"grace-seconds\": 600}"))
                .get("secret").asText();
        assertThat(info("Authorization", "Bearer " + first).statusCode()).isEqualTo(200);
        assertThat(info("Authorization", "Bearer " + second).statusCode()).isEqualTo(200);
        String third = json(admin.post(ADMIN, "/admin/v1/virtual-keys/rotated/rotate", "{\"grace-seconds\": 0}"))
                .get("secret").asText();
        assertThat(info("Authorization", "Bearer " + first).statusCode()).isEqualTo(401);
        assertThat(info("Authorization", "Bearer " + second).statusCode()).isEqualTo(401);
        assertThat(json(info("Authorization", "Bearer " + third)).at("/key/id").asText()).isEqualTo("rotated");
    }

    private static HttpResponse<String> info(String header, String value) throws Exception {
        return harness.http.send(HttpRequest.newBuilder(URI.create(harness.baseUrl() + "/v1/key/info"))
                .timeout(Duration.ofSeconds(10)).header(header, value).GET().build(), HttpResponse.BodyHandlers.ofString());
    }
}
