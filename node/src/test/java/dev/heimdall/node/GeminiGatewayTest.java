package dev.heimdall.node;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.openai.core.JsonValue;
import com.openai.core.http.StreamResponse;
import com.openai.errors.InternalServerException;
import com.openai.errors.RateLimitException;
import com.openai.errors.UnauthorizedException;
import com.openai.models.FunctionDefinition;
import com.openai.models.FunctionParameters;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionContentPart;
import com.openai.models.chat.completions.ChatCompletionContentPartImage;
import com.openai.models.chat.completions.ChatCompletionContentPartText;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionMessageFunctionToolCall;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import com.openai.models.chat.completions.ChatCompletionToolMessageParam;
import com.openai.models.embeddings.CreateEmbeddingResponse;
import com.openai.models.embeddings.EmbeddingCreateParams;
import dev.heimdall.loadtest.mock.FaultRule;
import dev.heimdall.loadtest.mock.RecordedRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** The OpenAI Java SDK against a real node with the mock's Gemini (AI Studio) API upstream. */
class GeminiGatewayTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    static final String CONFIG = """
            server: { host: 127.0.0.1, port: 0, event-loops: 1, max-body-size: 64KiB }
            providers:
              gemini:
                type: gemini
                base-url: "http://127.0.0.1:MOCK/gemini"
                keys: [ { name: main, value: AIza-test-key } ]
                models: [ gemini-2.5-flash, text-embedding-004 ]
                timeouts: { connect: 1s, first-byte: 2s, idle: 2s }
              gemini-badkey:
                type: gemini
                base-url: "http://127.0.0.1:MOCK/gemini"
                keys: [ { name: revoked, value: invalid-key-000 } ]
            """;
    private static GatewayHarness harness;

    @BeforeAll
    static void start() throws Exception {
        harness = GatewayHarness.start(CONFIG, GatewayHarness.mockDefaults());
    }

    @AfterAll
    static void stop() throws Exception {
        harness.close();
    }

    @BeforeEach
    void reset() {
        harness.reset();
    }

    private static ChatCompletionCreateParams.Builder chat(String text) {
        return ChatCompletionCreateParams.builder().model("gemini/gemini-2.5-flash").addUserMessage(text);
    }

    @Test
    void answersAChatAndSendsGeminisFormat() throws Exception {
        ChatCompletion completion = harness.openai.chat().completions().create(chat("hello gemini")
                .addSystemMessage("Be brief.").maxCompletionTokens(50).build());

        assertThat(completion.choices().get(0).message().content()).contains("Mock reply to: hello gemini");
        assertThat(completion.choices().get(0).finishReason()).isEqualTo(ChatCompletion.Choice.FinishReason.STOP);
        assertThat(completion.usage().orElseThrow().promptTokens()).isPositive();
        assertThat(completion.usage().orElseThrow().completionTokens()).isEqualTo(5);
        RecordedRequest upstream = harness.mock.requests("gemini").get(0);
        assertThat(upstream.path()).isEqualTo("/gemini/v1beta/models/gemini-2.5-flash:generateContent");
        assertThat(upstream.apiKey()).isEqualTo("AIza-test-key");
        JsonNode body = JSON.readTree(upstream.body());
        assertThat(body.at("/systemInstruction/parts/0/text").asText()).isEqualTo("Be brief.");
        assertThat(body.at("/generationConfig/maxOutputTokens").asInt()).isEqualTo(50);
    }

    @Test
    void streamsContentWithUsageInTheLastChunk() {
        String expected = harness.openai.chat().completions().create(chat("stream me some words").build())
                .choices().get(0).message().content().orElseThrow();
        List<ChatCompletionChunk> chunks = new ArrayList<>();
        try (StreamResponse<ChatCompletionChunk> stream = harness.openai.chat().completions().createStreaming(
                chat("stream me some words")
                        .streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build()).build())) {
            stream.stream().forEach(chunks::add);
        }
        String streamed = chunks.stream().flatMap(c -> c.choices().stream())
                .map(c -> c.delta().content().orElse("")).collect(Collectors.joining());
        assertThat(streamed).isEqualTo(expected);
        ChatCompletionChunk last = chunks.get(chunks.size() - 1);
        assertThat(last.choices()).isEmpty();
        assertThat(last.usage().orElseThrow().completionTokens()).isEqualTo(7);
        // the mock answers SSE only for alt=sse (else one JSON array), so a decoded stream proves the query
        assertThat(harness.mock.requests("gemini").get(1).path()).endsWith(":streamGenerateContent");
    }

    static FunctionDefinition weatherTool() {
        return FunctionDefinition.builder().name("get_weather").description("Weather for a city")
                .parameters(FunctionParameters.builder()
                        .putAdditionalProperty("type", JsonValue.from("object"))
                        .putAdditionalProperty("properties", JsonValue.from(Map.of("city", Map.of("type", "string"))))
                        .putAdditionalProperty("required", JsonValue.from(List.of("city")))
                        .build())
                .build();
    }

    @Test
    void toolCallRoundTrip() throws Exception {
        ChatCompletion first = harness.openai.chat().completions().create(
                chat("Paris").addFunctionTool(weatherTool()).build());
        ChatCompletion.Choice choice = first.choices().get(0);
        assertThat(choice.finishReason()).isEqualTo(ChatCompletion.Choice.FinishReason.TOOL_CALLS);
        ChatCompletionMessageFunctionToolCall call = choice.message().toolCalls().orElseThrow().get(0).asFunction();
        assertThat(call.function().name()).isEqualTo("get_weather");
        assertThat(JSON.readTree(call.function().arguments()).path("city").asText()).isEqualTo("Paris");

        ChatCompletion second = harness.openai.chat().completions().create(chat("Paris")
                .addFunctionTool(weatherTool()).addMessage(choice.message())
                .addMessage(ChatCompletionToolMessageParam.builder().toolCallId(call.id()).content("sunny, 21C")
                        .build())
                .build());
        assertThat(second.choices().get(0).message().content()).contains("Tool result was: sunny, 21C");
        JsonNode sent = JSON.readTree(harness.mock.requests("gemini").get(1).body());
        assertThat(sent.at("/contents/2/parts/0/functionResponse/name").asText()).isEqualTo("get_weather");
    }

    @Test
    void streamsToolCalls() throws Exception {
        StringBuilder arguments = new StringBuilder();
        List<String> finish = new ArrayList<>();
        try (StreamResponse<ChatCompletionChunk> stream = harness.openai.chat().completions().createStreaming(
                chat("Oslo").addFunctionTool(weatherTool()).build())) {
            stream.stream().flatMap(c -> c.choices().stream()).forEach(c -> {
                c.delta().toolCalls().ifPresent(calls -> calls.forEach(tc ->
                        tc.function().flatMap(f -> f.arguments()).ifPresent(arguments::append)));
                c.finishReason().ifPresent(f -> finish.add(f.asString()));
            });
        }
        assertThat(JSON.readTree(arguments.toString()).path("city").asText()).isEqualTo("Oslo");
        assertThat(finish).containsExactly("tool_calls");
    }

    @Test
    void imagePartsBecomeInlineData() throws Exception {
        ChatCompletion completion = harness.openai.chat().completions().create(ChatCompletionCreateParams.builder()
                .model("gemini/gemini-2.5-flash")
                .addUserMessageOfArrayOfContentParts(List.of(
                        ChatCompletionContentPart.ofText(ChatCompletionContentPartText.builder().text("what is this")
                                .build()),
                        ChatCompletionContentPart.ofImageUrl(ChatCompletionContentPartImage.builder()
                                .imageUrl(ChatCompletionContentPartImage.ImageUrl.builder()
                                        .url("data:image/png;base64,iVBORw0KGgo=").build()).build())))
                .build());
        assertThat(completion.choices().get(0).message().content())
                .hasValueSatisfying(text -> assertThat(text).contains("what is this").contains("[1 image]"));
        JsonNode sent = JSON.readTree(harness.mock.requests("gemini").get(0).body());
        assertThat(sent.at("/contents/0/parts/1/inlineData/mimeType").asText()).isEqualTo("image/png");
    }

    @Test
    void embeddingsInTheSdksDefaultBase64EncodingAndAsFloats() {
        CreateEmbeddingResponse response = harness.openai.embeddings().create(EmbeddingCreateParams.builder()
                .model("gemini/text-embedding-004").input("embed me").build());
        List<Float> vector = response.data().get(0).embedding();
        assertThat(vector).hasSize(768);
        double norm = Math.sqrt(vector.stream().mapToDouble(f -> f * f).sum());
        assertThat(norm).isBetween(0.99, 1.01);

        CreateEmbeddingResponse batch = harness.openai.embeddings().create(EmbeddingCreateParams.builder()
                .model("gemini/text-embedding-004").inputOfArrayOfStrings(List.of("embed me", "and me"))
                .encodingFormat(EmbeddingCreateParams.EncodingFormat.FLOAT).dimensions(16).build());
        assertThat(batch.data()).hasSize(2);
        assertThat(batch.data().get(1).embedding()).hasSize(16);
        assertThat(harness.mock.requests("gemini").get(1).path()).endsWith(":batchEmbedContents");
    }

    @Test
    void rateLimitStays429WithRetryAfter() {
        harness.mock.faults().add(FaultRule.status(429, 7).provider("gemini"));
        RateLimitException e = catchThrowableOfType(RateLimitException.class,
                () -> harness.openai.chat().completions().create(chat("hi").build()));
        assertThat(e.statusCode()).isEqualTo(429);
        assertThat(e.headers().values("retry-after")).containsExactly("7");
    }

    @Test
    void serverErrorKeepsItsStatus() {
        harness.mock.faults().add(FaultRule.status(500).provider("gemini"));
        InternalServerException e = catchThrowableOfType(InternalServerException.class,
                () -> harness.openai.chat().completions().create(chat("hi").build()));
        assertThat(e.statusCode()).isEqualTo(500);
    }

    @Test
    void invalidKeyIsAnAuthFailureWithoutTheKey() {
        UnauthorizedException e = catchThrowableOfType(UnauthorizedException.class,
                () -> harness.openai.chat().completions().create(ChatCompletionCreateParams.builder()
                        .model("gemini-badkey/gemini-2.5-flash").addUserMessage("hi").build()));
        assertThat(e.statusCode()).isEqualTo(401);
        assertThat(e.getMessage()).doesNotContain("invalid-key-000");
    }
}
