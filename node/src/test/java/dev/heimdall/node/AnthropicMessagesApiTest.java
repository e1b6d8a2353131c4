package dev.heimdall.node;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.anthropic.core.JsonValue;
import com.anthropic.core.http.StreamResponse;
import com.anthropic.errors.BadRequestException;
import com.anthropic.errors.NotFoundException;
import com.anthropic.errors.RateLimitException;
import com.anthropic.helpers.MessageAccumulator;
import com.anthropic.models.messages.ContentBlock;
import com.anthropic.models.messages.ContentBlockParam;
import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.MessageCountTokensParams;
import com.anthropic.models.messages.MessageCreateParams;
import com.anthropic.models.messages.RawMessageStreamEvent;
import com.anthropic.models.messages.StopReason;
import com.anthropic.models.messages.Tool;
import com.anthropic.models.messages.ToolResultBlockParam;
import com.anthropic.models.messages.ToolUseBlock;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.heimdall.loadtest.mock.FaultRule;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * The official Anthropic Java SDK against a real node: once with an Anthropic upstream (pass-through) and once with
 * an OpenAI upstream (translation through the canonical model).
 */
class AnthropicMessagesApiTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static GatewayHarness harness;
    private static AnthropicClient anthropic;

    @BeforeAll
    static void start() throws Exception {
        harness = GatewayHarness.start();
        anthropic = AnthropicOkHttpClient.builder().baseUrl(harness.baseUrl()).apiKey("sk-ant-client")
                .maxRetries(0).timeout(Duration.ofSeconds(20)).build();
    }

    @AfterAll
    static void stop() throws Exception {
        anthropic.close();
        harness.close();
    }

    @BeforeEach
    void reset() {
        harness.reset();
    }

    private static MessageCreateParams.Builder ask(String model, String text) {
        return MessageCreateParams.builder().model(model).maxTokens(256).system("You are terse.").addUserMessage(text);
    }

    private static String text(Message message) {
        return message.content().stream().flatMap(b -> b.text().stream()).map(t -> t.text()).reduce("", String::concat);
    }

    @ParameterizedTest
    @ValueSource(strings = {"anthropic/claude-sonnet-4-5", "openai/gpt-4o-mini"})
    void answersAMessageThroughEachUpstream(String model) {
        Message message = anthropic.messages().create(ask(model, "hello there").build());
        assertThat(text(message)).isEqualTo("Mock reply to: hello there");
        assertThat(message.stopReason()).contains(StopReason.END_TURN);
        assertThat(message.usage().inputTokens()).isPositive();
        assertThat(message.usage().outputTokens()).isPositive();
    }

    @ParameterizedTest
    @ValueSource(strings = {"anthropic/claude-sonnet-4-5", "openai/gpt-4o-mini"})
    void streamsAValidEventSequence(String model) {
        MessageAccumulator accumulator = MessageAccumulator.create();
        try (StreamResponse<RawMessageStreamEvent> stream = anthropic.messages().createStreaming(ask(model, "stream these words").build())) {
            stream.stream().forEach(accumulator::accumulate);
        }
        Message message = accumulator.message();
        assertThat(text(message)).isEqualTo("Mock reply to: stream these words");
        assertThat(message.stopReason()).contains(StopReason.END_TURN);
        assertThat(message.usage().outputTokens()).isPositive();
    }

    private static Tool weather() {
        return Tool.builder().name("get_weather").description("Weather for a city")
                .inputSchema(Tool.InputSchema.builder()
                        .properties(JsonValue.from(Map.of("city", Map.of("type", "string"))))
                        .required(List.of("city")).build())
                .build();
    }

    @ParameterizedTest
    @ValueSource(strings = {"anthropic/claude-sonnet-4-5", "openai/gpt-4o-mini"})
    void toolUseRoundTripStreamedAndNot(String model) {
        MessageCreateParams first = MessageCreateParams.builder().model(model).maxTokens(256)
                .addUserMessage("Lima").addTool(weather()).build();
        Message called = anthropic.messages().create(first);
        assertThat(called.stopReason()).contains(StopReason.TOOL_USE);
        ToolUseBlock use = called.content().stream().flatMap(b -> b.toolUse().stream()).findFirst().orElseThrow();
        assertThat(use.name()).isEqualTo("get_weather");
        assertThat(use._input().toString()).contains("Lima");

        MessageAccumulator accumulator = MessageAccumulator.create();
        try (StreamResponse<RawMessageStreamEvent> stream = anthropic.messages().createStreaming(first)) {
            stream.stream().forEach(accumulator::accumulate);
        }
        ToolUseBlock streamed = accumulator.message().content().stream().flatMap(b -> b.toolUse().stream()).findFirst().orElseThrow();
        assertThat(streamed.name()).isEqualTo("get_weather");
        assertThat(streamed._input().toString()).contains("Lima");

        Message answered = anthropic.messages().create(MessageCreateParams.builder().model(model).maxTokens(256)
                .addUserMessage("Lima").addTool(weather())
                .addMessage(called.toParam())
                .addUserMessageOfContentBlockParams(List.of(
                        ContentBlockParam.ofToolResult(ToolResultBlockParam.builder().toolUseId(use.id())
                                .content("cloudy, 18C").build())))
                .build());
        assertThat(text(answered)).isEqualTo("Tool result was: cloudy, 18C");
    }

    @ParameterizedTest
    @ValueSource(strings = {"anthropic/claude-sonnet-4-5", "openai/gpt-4o-mini"})
    void countsTokens(String model) {
        long tokens = anthropic.messages().countTokens(MessageCountTokensParams.builder().model(model)
                .addUserMessage("count these few words please").build()).inputTokens();
        assertThat(tokens).isBetween(5L, 40L);
    }

    @Test
    void passThroughSendsTheClientsBodyWithOnlyTheModelRewrittenAndItsHeaders() throws Exception {
        String body = "{\"model\":\"anthropic/claude-sonnet-4-5\",\"max_tokens\":1024,\n"
                + "  \"system\":[{\"type\":\"text\",\"text\":\"Be brief.\",\"cache_control\":{\"type\":\"ephemeral\"}}],\n"
                + "  \"thinking\":{\"type\":\"enabled\",\"budget_tokens\":1024},\"x_custom\":[1.50e3,2,{\"deep\":true}],\n"
                + "  \"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"héllo\",\"citations\":null}]}]}";
        HttpResponse<String> response = harness.http.send(HttpRequest.newBuilder(URI.create(harness.baseUrl() + "/v1/messages"))
                .header("content-type", "application/json").header("anthropic-version", "2023-06-01")
                .header("anthropic-beta", "prompt-caching-2024-07-31,interleaved-thinking-2025-05-14")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);

        var sent = harness.mock.requests("anthropic").get(0);
        assertThat(sent.body()).isEqualTo(body.replace("\"anthropic/claude-sonnet-4-5\"", "\"claude-sonnet-4-5\""));
        assertThat(sent.header("anthropic-beta")).isEqualTo("prompt-caching-2024-07-31,interleaved-thinking-2025-05-14");
        assertThat(sent.header("x-api-key")).isEqualTo("sk-ant-test");
        assertThat(response.headers().firstValue("x-heimdall-provider")).contains("anthropic");
    }

    @Test
    void translationToOpenAiCarriesSystemToolsAndMaxTokens() throws Exception {
        anthropic.messages().create(MessageCreateParams.builder().model("openai/gpt-4o-mini").maxTokens(77)
                .system("Be exact.").addUserMessage("Quito").addTool(weather()).build());
        JsonNode sent = JSON.readTree(harness.mock.requests("openai").get(0).body());
        assertThat(sent.at("/messages/0/role").asText()).isEqualTo("system");
        assertThat(sent.at("/messages/0/content").asText()).isEqualTo("Be exact.");
        assertThat(sent.at("/tools/0/function/name").asText()).isEqualTo("get_weather");
        assertThat(sent.path("max_completion_tokens").asInt()).isEqualTo(77);
    }

    @Test
    void upstreamRateLimitIsARateLimitErrorWithRetryAfter() {
        harness.mock.faults().add(FaultRule.status(429, 9).provider("openai"));
        RateLimitException e = catchThrowableOfType(RateLimitException.class,
                () -> anthropic.messages().create(ask("openai/gpt-4o-mini", "x").build()));
        assertThat(e.statusCode()).isEqualTo(429);
        assertThat(e.headers().values("retry-after")).containsExactly("9");
    }

    @Test
    void unknownModelAndBadInputAnswerInAnthropicsShape() throws Exception {
        assertThat(catchThrowableOfType(NotFoundException.class,
                () -> anthropic.messages().create(ask("nope/model", "x").build())).statusCode()).isEqualTo(404);

        HttpResponse<String> noMaxTokens = harness.post("/v1/messages", "application/json",
                "{\"model\":\"anthropic/claude-sonnet-4-5\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
        assertThat(noMaxTokens.statusCode()).isEqualTo(400);
        JsonNode error = JSON.readTree(noMaxTokens.body());
        assertThat(error.path("type").asText()).isEqualTo("error");
        assertThat(error.at("/error/type").asText()).isEqualTo("invalid_request_error");
        assertThat(error.at("/error/message").asText()).contains("max_tokens");

        HttpResponse<String> malformed = harness.post("/v1/messages", "application/json", "{\"model\":");
        assertThat(malformed.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(malformed.body()).at("/error/type").asText()).isEqualTo("invalid_request_error");
        assertThat(harness.mock.requests()).isEmpty();

        HttpResponse<String> tooBig = harness.post("/v1/messages", "application/json", "{\"pad\":\"" + "x".repeat(70_000) + "\"}");
        assertThat(tooBig.statusCode()).isEqualTo(413);
        assertThat(JSON.readTree(tooBig.body()).at("/error/type").asText()).isEqualTo("request_too_large");
    }

    @Test
    void badRequestFromTheUpstreamIsABadRequestError() {
        harness.mock.faults().add(FaultRule.status(400).provider("anthropic"));
        BadRequestException e = catchThrowableOfType(BadRequestException.class,
                () -> anthropic.messages().create(ask("anthropic/claude-sonnet-4-5", "x").build()));
        assertThat(e.statusCode()).isEqualTo(400);
    }
}
