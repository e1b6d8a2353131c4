package dev.heimdall.node;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.heimdall.loadtest.mock.FaultRule;
import dev.heimdall.loadtest.mock.RecordedRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.util.Map;

import static dev.heimdall.node.Scenario.header;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fallback chains a request brings itself, context-length fallbacks, and the routing explanation, through real HTTP
 * against the mock.
 */
class FallbackChainsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String LONG_PROMPT = "word ".repeat(5_000);

    private static final String CONFIG = """
            server: { host: 127.0.0.1, port: 0, event-loops: 1 }
            providers:
              primary: { OPENAI_MOCK, keys: [ { name: p, value: sk-primary } ], retry: { max-retries: 0 } }
              backup: { OPENAI_MOCK, keys: [ { name: b, value: sk-backup } ] }
              windowless: { OPENAI_MOCK, keys: [ { name: w, value: sk-windowless } ] }
              windowed: { OPENAI_MOCK, keys: [ { name: w, value: sk-windowed } ], context-windows: { small-context: 1000 } }
              anthropic: { type: anthropic, base-url: "http://127.0.0.1:MOCK/anthropic", keys: [ { name: main, value: sk-ant-chains } ] }
            models:
              storm:
                targets: [ { provider: primary, model: gpt-4o-mini, weight: 3 }, { provider: windowed, model: gpt-4o-mini } ]
                fallbacks: [ { provider: backup, model: gpt-4o-mini } ]
              fragile:
                targets: [ { provider: windowless, model: small-context } ]
                fallbacks: [ { provider: primary, model: gpt-4o-mini } ]
                context-fallback: { provider: backup, model: gpt-4o-mini }
              known-small:
                targets: [ { provider: windowed, model: small-context } ]
                context-fallback: { provider: backup, model: gpt-4o-mini }
            routing-rules:
              - name: vip
                when: 'has(request.metadata.tier) && request.metadata.tier == "vip"'
                model: storm
                fallbacks: [ { provider: anthropic, model: claude-sonnet-4-5 } ]
            """;

    private static GatewayHarness harness;
    private static Scenario scenario;
    private static final String VIEWER = "Bearer " + AdminClient.VIEWER;

    @BeforeAll
    static void start() throws Exception {
        harness = GatewayHarness.start(Scenario.withOpenAiMock(CONFIG) + AdminClient.ADMIN_SECTION,
                GatewayHarness.mockDefaults());
        scenario = new Scenario(harness);
    }

    @AfterAll
    static void stop() throws Exception {
        harness.close();
    }

    @BeforeEach
    void reset() {
        harness.reset();
    }

    private static String chatBody(String model, String extra, String prompt) {
        return "{\"model\":\"" + model + "\"," + extra + "\"messages\":[{\"role\":\"user\",\"content\":\"" + prompt + "\"}]}";
    }

    @Test
    void theRequestsOwnFallbacksOutrankTheAliasesAndNeverReachTheUpstream() throws Exception {
        harness.mock.faults().add(FaultRule.status(503).apiKey("sk-primary"));

        HttpResponse<String> response = scenario.post("/v1/chat/completions",
                chatBody("primary/gpt-4o-mini", "\"fallbacks\":[\"anthropic/claude-sonnet-4-5\"],", "hi"), Map.of());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(header(response, "x-heimdall-provider")).isEqualTo("anthropic");
        assertThat(harness.mock.requests()).hasSize(2).allSatisfy(r -> assertThat(r.body()).doesNotContain("fallbacks"));
    }

    @Test
    void theHeaderNamesFallbacksToo_AnAliasStandingForItsTargets() throws Exception {
        harness.mock.faults().add(FaultRule.status(503).apiKey("sk-windowless"));

        HttpResponse<String> response = scenario.chat("windowless/gpt-4o-mini", false,
                Map.of("x-heimdall-fallbacks", " known-small , anthropic/claude-sonnet-4-5"));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(header(response, "x-heimdall-provider")).isEqualTo("windowed");
        assertThat(header(response, "x-heimdall-model")).isEqualTo("small-context");
    }

    @Test
    void anAnthropicPassThroughBodyLosesOnlyTheFallbacksField() throws Exception {
        String body = "{\"model\":\"anthropic/claude-sonnet-4-5\",\"max_tokens\":20,\n \"fallbacks\": [\"storm\"],\n"
                + " \"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"metadata\":{\"user_id\":\"u1\"}}";

        HttpResponse<String> response = scenario.post("/v1/messages", body, Map.of("anthropic-version", "2023-06-01"));

        assertThat(response.statusCode()).isEqualTo(200);
        RecordedRequest sent = harness.mock.requests("anthropic").get(0);
        assertThat(sent.body()).isEqualTo("{\"model\":\"claude-sonnet-4-5\",\"max_tokens\":20,\n"
                + " \"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"metadata\":{\"user_id\":\"u1\"}}");
    }

    @Test
    void badFallbacksAreTheClientsErrorAndNothingIsSent() throws Exception {
        HttpResponse<String> unknown = scenario.post("/v1/chat/completions",
                chatBody("storm", "\"fallbacks\":[\"nope/x\"],", "hi"), Map.of());
        assertThat(unknown.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(unknown.body()).at("/error/param").asText()).isEqualTo("fallbacks");
        assertThat(JSON.readTree(unknown.body()).at("/error/message").asText()).contains("nope/x");

        HttpResponse<String> notAList = scenario.post("/v1/chat/completions",
                chatBody("storm", "\"fallbacks\":\"backup/gpt-4o-mini\",", "hi"), Map.of());
        assertThat(notAList.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(notAList.body()).at("/error/param").asText()).isEqualTo("fallbacks");

        HttpResponse<String> anthropic = scenario.post("/v1/messages", "{\"model\":\"storm\",\"max_tokens\":5,"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}", Map.of("x-heimdall-fallbacks", "nope"));
        assertThat(anthropic.statusCode()).isEqualTo(400);
        assertThat(anthropic.body()).contains("\"type\":\"error\"").contains("nope");
        assertThat(harness.mock.requests()).isEmpty();
    }

    @Test
    void aContextLengthErrorGoesToTheContextFallbackAndNoOtherFallback() throws Exception {
        double before = scenario.count("heimdall_routing_fallbacks_total", "reason=\"context_length\"",
                "position=\"context\"");

        HttpResponse<String> response = scenario.post("/v1/chat/completions", chatBody("fragile", "", LONG_PROMPT), Map.of());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(header(response, "x-heimdall-provider")).isEqualTo("backup");
        assertThat(header(response, "x-heimdall-attempts")).isEqualTo("2");
        assertThat(scenario.sentWithKey("sk-windowless")).isEqualTo(1);
        assertThat(scenario.sentWithKey("sk-primary")).as("the ordinary fallback is not for long prompts").isZero();
        assertThat(scenario.count("heimdall_routing_fallbacks_total", "reason=\"context_length\"", "position=\"context\""))
                .isEqualTo(before + 1);
    }

    @Test
    void aPromptKnownNotToFitGoesStraightToTheContextFallback() throws Exception {
        HttpResponse<String> tooLong = scenario.post("/v1/chat/completions", chatBody("known-small", "", LONG_PROMPT),
                Map.of());
        assertThat(tooLong.statusCode()).isEqualTo(200);
        assertThat(header(tooLong, "x-heimdall-provider")).isEqualTo("backup");
        assertThat(header(tooLong, "x-heimdall-attempts")).isEqualTo("1");
        assertThat(scenario.sentWithKey("sk-windowed")).isZero();

        HttpResponse<String> fits = scenario.chat("known-small");
        assertThat(header(fits, "x-heimdall-provider")).isEqualTo("windowed");
    }

    @Test
    void otherClientErrorsNeverFallBack() throws Exception {
        harness.mock.faults().add(FaultRule.status(400).apiKey("sk-windowless"));

        HttpResponse<String> response = scenario.chat("fragile");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(scenario.sentWithKey("sk-backup") + scenario.sentWithKey("sk-primary")).isZero();
    }

    @Test
    void explainShowsTheRuleCandidatesWeightsAndChainWithoutCallingAnyProvider() throws Exception {
        HttpResponse<String> response = scenario.post("/admin/v1/routing/explain", chatBody("storm", "", "hi"),
                Map.of("x-heimdall-meta-tier", "vip", "authorization", VIEWER));

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode explained = JSON.readTree(response.body());
        assertThat(explained.path("rule").asText()).isEqualTo("vip");
        assertThat(explained.path("alias").asText()).isEqualTo("storm");
        JsonNode primary = explained.path("candidates").get(0);
        assertThat(primary.path("provider").asText()).isEqualTo("primary");
        assertThat(primary.path("weight").asInt()).isEqualTo(3);
        assertThat(primary.path("health_factor").asDouble()).isEqualTo(1.0);
        assertThat(primary.path("effective_weight").asDouble()).isEqualTo(3.0);
        assertThat(primary.path("share").asDouble()).isEqualTo(0.75);
        assertThat(primary.path("circuit").asText()).isEqualTo("closed");
        assertThat(primary.at("/keys/0/name").asText()).isEqualTo("p");
        assertThat(primary.at("/keys/0/eligible").asBoolean()).isTrue();
        assertThat(explained.at("/fallbacks/source").asText()).isEqualTo("rule");
        assertThat(explained.at("/fallbacks/targets/0/provider").asText()).isEqualTo("anthropic");
        assertThat(harness.mock.requests()).isEmpty();
    }

    @Test
    void explainShowsAnOpenCircuitACooldownAndTheRequestsOwnChain() throws Exception {
        harness.mock.faults().add(FaultRule.status(503).apiKey("sk-primary"));
        for (int i = 0; i < 5; i++) {
            scenario.chat("primary/gpt-4o-mini");
        }
        harness.node.gateway().keyHealth().coolDown("windowed", "w", "gpt-4o-mini", java.time.Duration.ofSeconds(30));

        HttpResponse<String> response = scenario.post("/admin/v1/routing/explain", chatBody("storm", "", "hi"),
                Map.of("x-heimdall-fallbacks", "anthropic/claude-sonnet-4-5", "authorization", VIEWER));

        JsonNode explained = JSON.readTree(response.body());
        JsonNode primary = explained.path("candidates").get(0);
        assertThat(primary.path("circuit").asText()).isEqualTo("open");
        assertThat(primary.path("effective_weight").asDouble()).isZero();
        assertThat(primary.at("/keys/0/eligible").asBoolean()).isFalse();
        assertThat(primary.at("/keys/0/error_rate").asDouble()).isPositive();
        JsonNode windowed = explained.path("candidates").get(1);
        assertThat(windowed.at("/keys/0/eligible").asBoolean()).isFalse();
        assertThat(windowed.at("/keys/0/cooldown_ms").asLong()).isBetween(20_000L, 30_000L);
        assertThat(explained.at("/fallbacks/source").asText()).isEqualTo("request");
        assertThat(explained.at("/fallbacks/targets/0/provider").asText()).isEqualTo("anthropic");
    }

    @Test
    void explainAnswersTheClientsErrorsInOpenAisShape() throws Exception {
        assertThat(scenario.post("/admin/v1/routing/explain", chatBody("nope", "", "hi"), Map.of()).statusCode())
                .as("the admin tokens guard it").isEqualTo(401);
        assertThat(scenario.post("/admin/v1/routing/explain", chatBody("nope", "", "hi"), Map.of("authorization", VIEWER))
                .statusCode())
                .isEqualTo(404);
        assertThat(scenario.post("/admin/v1/routing/explain", "{\"model\":1}", Map.of("authorization", VIEWER))
                .statusCode()).isEqualTo(400);
        HttpResponse<String> longPrompt = scenario.post("/admin/v1/routing/explain",
                chatBody("known-small", "", LONG_PROMPT), Map.of("authorization", VIEWER));
        JsonNode explained = JSON.readTree(longPrompt.body());
        assertThat(explained.path("estimated_tokens").asLong()).isGreaterThan(1_000);
        assertThat(explained.at("/candidates/0/context_window").asInt()).isEqualTo(1_000);
        assertThat(explained.at("/candidates/0/prompt_fits").asBoolean()).isFalse();
        assertThat(explained.at("/context_fallback/provider").asText()).isEqualTo("backup");
    }
}
