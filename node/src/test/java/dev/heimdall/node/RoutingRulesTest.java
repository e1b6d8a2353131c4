package dev.heimdall.node;

import dev.heimdall.node.config.ConfigException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Routing rules (CEL) decide where requests go, on every ingress API, and say so in x-heimdall-rule. */
class RoutingRulesTest {

    private static final String RULES = """
            time-zone: Europe/Berlin
            routing-rules:
              - name: cheap-tasks
                when: 'has(request.metadata.task) && request.metadata.task == "summarization"'
                route: { provider: anthropic, model: claude-haiku-4-5 }
              - name: long-context
                when: 'request.estimated_tokens > 2000'
                model: anthropic/claude-sonnet-4-5
              - name: off-hours
                when: 'request.model == "smart" && (time.hour >= 20 || time.hour < 6 || time.weekend)'
                model: openai/gpt-4o-mini
                fallbacks: [ { provider: anthropic, model: claude-haiku-4-5 } ]
            """;

    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    private GatewayHarness harness;

    private GatewayHarness start(int hourInBerlin) throws Exception {
        Clock clock = Clock.fixed(ZonedDateTime.of(2026, 11, 25, hourInBerlin, 30, 0, 0, BERLIN).toInstant(), BERLIN);
        harness = GatewayHarness.start(GatewayHarness.DEFAULT_CONFIG + RULES, GatewayHarness.mockDefaults(), clock);
        return harness;
    }

    @AfterEach
    void stop() throws Exception {
        if (harness != null) {
            harness.close();
        }
    }

    private HttpResponse<String> chat(String path, String body, Map<String, String> headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(harness.baseUrl() + path))
                .header("content-type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(request::header);
        return harness.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String openAi(String model, String extra) {
        return "{\"model\":\"" + model + "\"," + extra + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
    }

    @Test
    void summarizationTasksGoToTheCheapModelByHeaderOrBodyMetadata() throws Exception {
        start(11);
        HttpResponse<String> byHeader = chat("/v1/chat/completions", openAi("smart", ""), Map.of("x-heimdall-meta-task", "summarization"));
        assertThat(byHeader.statusCode()).isEqualTo(200);
        assertThat(byHeader.headers().firstValue("x-heimdall-rule")).contains("cheap-tasks");
        assertThat(byHeader.headers().firstValue("x-heimdall-model")).contains("claude-haiku-4-5");

        HttpResponse<String> byBody = chat("/v1/chat/completions", openAi("smart", "\"metadata\":{\"task\":\"summarization\"},"), Map.of());
        assertThat(byBody.headers().firstValue("x-heimdall-rule")).contains("cheap-tasks");

        HttpResponse<String> other = chat("/v1/chat/completions", openAi("smart", ""), Map.of("x-heimdall-meta-task", "coding"));
        assertThat(other.headers().firstValue("x-heimdall-rule")).isEmpty();
        assertThat(other.headers().firstValue("x-heimdall-model")).contains("gpt-4o");

        String metrics = harness.get("/metrics").body();
        assertThat(metrics).contains("heimdall_routing_rule_matches_total{rule=\"cheap-tasks\"} 2.0");
        assertThat(metrics).containsPattern("heimdall_routing_rule_errors_total [0-9]");
    }

    @Test
    void longPromptsGoToTheLongContextModel() throws Exception {
        start(11);
        String longPrompt = "word ".repeat(2_000);
        HttpResponse<String> response = chat("/v1/chat/completions",
                "{\"model\":\"openai/gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"" + longPrompt + "\"}]}", Map.of());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("x-heimdall-rule")).contains("long-context");
        assertThat(response.headers().firstValue("x-heimdall-provider")).contains("anthropic");
        assertThat(response.headers().firstValue("x-heimdall-model")).contains("claude-sonnet-4-5");
    }

    @Test
    void offHoursSendTheSmartAliasToACheaperModel() throws Exception {
        start(23);
        HttpResponse<String> night = chat("/v1/chat/completions", openAi("smart", ""), Map.of());
        assertThat(night.headers().firstValue("x-heimdall-rule")).contains("off-hours");
        assertThat(night.headers().firstValue("x-heimdall-model")).contains("gpt-4o-mini");
    }

    @Test
    void workingHoursLeaveTheAliasAlone() throws Exception {
        start(11);
        HttpResponse<String> day = chat("/v1/chat/completions", openAi("smart", ""), Map.of());
        assertThat(day.headers().firstValue("x-heimdall-rule")).isEmpty();
        assertThat(day.headers().firstValue("x-heimdall-model")).contains("gpt-4o");
    }

    @Test
    void rulesHoldOnTheAnthropicResponsesAndGeminiApisToo() throws Exception {
        start(11);
        HttpResponse<String> messages = chat("/v1/messages",
                "{\"model\":\"smart\",\"max_tokens\":50,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}",
                Map.of("x-heimdall-meta-task", "summarization"));
        assertThat(messages.statusCode()).isEqualTo(200);
        assertThat(messages.headers().firstValue("x-heimdall-rule")).contains("cheap-tasks");
        HttpResponse<String> responses = chat("/v1/responses", "{\"model\":\"smart\",\"input\":\"hi\"}",
                Map.of("x-heimdall-meta-task", "summarization"));
        assertThat(responses.statusCode()).isEqualTo(200);
        assertThat(responses.headers().firstValue("x-heimdall-rule")).contains("cheap-tasks");
        HttpResponse<String> gemini = chat("/v1beta/models/smart:generateContent",
                "{\"contents\":[{\"role\":\"user\",\"parts\":[{\"text\":\"hi\"}]}]}",
                Map.of("x-heimdall-meta-task", "summarization"));
        assertThat(gemini.statusCode()).as(gemini.body()).isEqualTo(200);
        assertThat(gemini.headers().firstValue("x-heimdall-rule")).contains("cheap-tasks");
    }

    @Test
    void aBadConditionIsAConfigErrorNamingTheRule() {
        harness = null;
        assertThatThrownBy(() -> HeimdallNode.configLoader(Map.of()).parse((GatewayHarness.DEFAULT_CONFIG + """
                routing-rules:
                  - { name: broken, when: 'request.model ==', model: smart }
                """).replace("MOCK", "9090"), "heimdall.yaml"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("routing-rules[0].when");
    }
}
