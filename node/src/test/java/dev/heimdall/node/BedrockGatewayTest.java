package dev.heimdall.node;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.openai.core.JsonValue;
import com.openai.core.http.StreamResponse;
import com.openai.errors.InternalServerException;
import com.openai.errors.OpenAIServiceException;
import com.openai.errors.RateLimitException;
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
import dev.heimdall.loadtest.mock.bedrock.BedrockMock;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** The OpenAI Java SDK against a real node whose upstream is the mock's Bedrock Runtime, every request SigV4-signed. */
class BedrockGatewayTest {

    private static final String MODEL = "bedrock/anthropic.claude-3-5-sonnet-20240620-v1:0";
    private static final String CONFIG = """
            server: { host: 127.0.0.1, port: 0, event-loops: 1, max-body-size: 64KiB }
            providers:
              bedrock:
                type: bedrock
                region: us-east-1
                base-url: "http://127.0.0.1:MOCK/bedrock"
                keys: [ { name: aws, access-key-id: ID, secret-access-key: "SECRET" } ]
                models: [ "anthropic.claude-3-5-sonnet-20240620-v1:0", "amazon.titan-embed-text-v2:0" ]
              bedrock-eu:
                type: bedrock
                region: us-east-1
                base-url: "http://127.0.0.1:MOCK/bedrock"
                keys: [ { name: eu, access-key-id: ID, secret-access-key: "SECRET", session-token: tok-123, region: eu-west-1 } ]
              bedrock-wrong:
                type: bedrock
                base-url: "http://127.0.0.1:MOCK/bedrock"
                keys: [ { name: stale, access-key-id: ID, secret-access-key: "wrong-secret-1234567890" } ]
            """.replace("ID", BedrockMock.ACCESS_KEY_ID).replace("SECRET", BedrockMock.SECRET_ACCESS_KEY);

    private static final ObjectMapper JSON = new ObjectMapper();
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

    private static ChatCompletionCreateParams.Builder chat(String model, String userText) {
        return ChatCompletionCreateParams.builder().model(model).addSystemMessage("You are terse.").addUserMessage(userText);
    }

    private static FunctionDefinition weatherTool() {
        return FunctionDefinition.builder().name("get_weather").description("Weather for a city")
                .parameters(FunctionParameters.builder()
                        .putAdditionalProperty("type", JsonValue.from("object"))
                        .putAdditionalProperty("properties", JsonValue.from(Map.of("city", Map.of("type", "string"))))
                        .putAdditionalProperty("required", JsonValue.from(List.of("city")))
                        .build())
                .build();
    }

    @Test
    void answersAChatThroughASignedConverseCall() throws Exception {
        ChatCompletion completion = harness.openai.chat().completions().create(chat(MODEL, "hello there").build());

        assertThat(completion.choices().get(0).message().content()).hasValue("Mock reply to: hello there");
        assertThat(completion.choices().get(0).finishReason()).isEqualTo(ChatCompletion.Choice.FinishReason.STOP);
        assertThat(completion.usage().orElseThrow().promptTokens()).isEqualTo(3 + 4 + 4 + 4 + 3);
        assertThat(completion.usage().orElseThrow().completionTokens()).isEqualTo(5);
        RecordedRequest upstream = harness.mock.requests("bedrock").get(0);
        assertThat(upstream.path()).isEqualTo("/bedrock/model/anthropic.claude-3-5-sonnet-20240620-v1%3A0/converse");
        assertThat(upstream.headers().get("authorization")).startsWith("AWS4-HMAC-SHA256 Credential="
                + BedrockMock.ACCESS_KEY_ID + "/").contains("/us-east-1/bedrock/aws4_request");
        JsonNode body = JSON.readTree(upstream.body());
        assertThat(body.path("system").get(0).path("text").asText()).isEqualTo("You are terse.");
    }

    @Test
    void aKeyWithItsOwnRegionAndSessionTokenSignsForThatRegion() {
        ChatCompletion completion = harness.openai.chat().completions().create(
                chat("bedrock-eu/anthropic.claude-3-5-sonnet-20240620-v1:0", "hi").build());

        assertThat(completion.choices().get(0).message().content()).hasValue("Mock reply to: hi");
        RecordedRequest upstream = harness.mock.requests("bedrock").get(0);
        assertThat(upstream.headers().get("authorization")).contains("/eu-west-1/bedrock/aws4_request");
        assertThat(upstream.headers().get("x-amz-security-token")).isEqualTo("tok-123");
    }

    @Test
    void streamsTheEventStreamWithUsageInTheLastChunk() {
        String expected = harness.openai.chat().completions().create(chat(MODEL, "stream me some words").build())
                .choices().get(0).message().content().orElseThrow();
        List<ChatCompletionChunk> chunks = new ArrayList<>();
        try (StreamResponse<ChatCompletionChunk> stream = harness.openai.chat().completions().createStreaming(
                chat(MODEL, "stream me some words")
                        .streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build()).build())) {
            stream.stream().forEach(chunks::add);
        }
        StringBuilder streamed = new StringBuilder();
        chunks.stream().flatMap(c -> c.choices().stream()).forEach(c -> c.delta().content().ifPresent(streamed::append));
        assertThat(streamed.toString()).isEqualTo(expected);
        assertThat(chunks.stream().flatMap(c -> c.choices().stream()).flatMap(c -> c.finishReason().stream())
                .map(f -> f.asString())).containsExactly("stop");
        ChatCompletionChunk last = chunks.get(chunks.size() - 1);
        assertThat(last.choices()).isEmpty();
        assertThat(last.usage().orElseThrow().completionTokens()).isEqualTo(7);
        assertThat(harness.mock.requests("bedrock").get(1).path()).endsWith("/converse-stream");
    }

    @Test
    void toolCallRoundTrip() throws Exception {
        ChatCompletion first = harness.openai.chat().completions().create(
                ChatCompletionCreateParams.builder().model(MODEL).addUserMessage("Paris").addFunctionTool(weatherTool()).build());

        ChatCompletion.Choice choice = first.choices().get(0);
        assertThat(choice.finishReason()).isEqualTo(ChatCompletion.Choice.FinishReason.TOOL_CALLS);
        ChatCompletionMessageFunctionToolCall call = choice.message().toolCalls().orElseThrow().get(0).asFunction();
        assertThat(call.function().name()).isEqualTo("get_weather");
        assertThat(JSON.readTree(call.function().arguments()).path("city").asText()).isEqualTo("Paris");

        ChatCompletion second = harness.openai.chat().completions().create(
                ChatCompletionCreateParams.builder().model(MODEL).addUserMessage("Paris").addFunctionTool(weatherTool())
                        .addMessage(choice.message())
                        .addMessage(ChatCompletionToolMessageParam.builder().toolCallId(call.id()).content("sunny, 21C").build())
                        .build());
        assertThat(second.choices().get(0).message().content()).hasValue("Tool result was: sunny, 21C");
    }

    @Test
    void streamsToolCalls() throws Exception {
        StringBuilder arguments = new StringBuilder();
        List<String> names = new ArrayList<>();
        List<String> finish = new ArrayList<>();
        try (StreamResponse<ChatCompletionChunk> stream = harness.openai.chat().completions().createStreaming(
                ChatCompletionCreateParams.builder().model(MODEL).addUserMessage("Oslo").addFunctionTool(weatherTool()).build())) {
            stream.stream().flatMap(c -> c.choices().stream()).forEach(c -> {
                c.delta().toolCalls().ifPresent(calls -> calls.forEach(tc -> {
                    tc.function().flatMap(f -> f.name()).ifPresent(names::add);
                    tc.function().flatMap(f -> f.arguments()).ifPresent(arguments::append);
                }));
                c.finishReason().ifPresent(f -> finish.add(f.asString()));
            });
        }
        assertThat(names).containsExactly("get_weather");
        assertThat(JSON.readTree(arguments.toString()).path("city").asText()).isEqualTo("Oslo");
        assertThat(finish).containsExactly("tool_calls");
    }

    @Test
    void inlineImagePartsReachBedrock() {
        ChatCompletion completion = harness.openai.chat().completions().create(ChatCompletionCreateParams.builder()
                .model(MODEL)
                .addUserMessageOfArrayOfContentParts(List.of(
                        ChatCompletionContentPart.ofText(ChatCompletionContentPartText.builder().text("what is this").build()),
                        ChatCompletionContentPart.ofImageUrl(ChatCompletionContentPartImage.builder()
                                .imageUrl(ChatCompletionContentPartImage.ImageUrl.builder()
                                        .url("data:image/png;base64,iVBORw0KGgo=").build()).build())))
                .build());
        assertThat(completion.choices().get(0).message().content()).hasValue("Mock reply to: what is this [1 image]");
    }

    @Test
    void titanEmbeddingsInTheSdksDefaultBase64Encoding() {
        CreateEmbeddingResponse response = harness.openai.embeddings().create(EmbeddingCreateParams.builder()
                .model("bedrock/amazon.titan-embed-text-v2:0").input("embed me").dimensions(256).build());

        List<Float> vector = response.data().get(0).embedding();
        assertThat(vector).hasSize(256);
        double norm = Math.sqrt(vector.stream().mapToDouble(f -> f * f).sum());
        assertThat(norm).isBetween(0.99, 1.01);
        assertThat(response.usage().promptTokens()).isEqualTo(2);
        assertThat(harness.mock.requests("bedrock").get(0).path())
                .isEqualTo("/bedrock/model/amazon.titan-embed-text-v2%3A0/invoke");
    }

    @Test
    void throttlingIsARateLimitWithRetryAfter() {
        harness.mock.faults().add(FaultRule.status(429, 7).provider("bedrock"));
        RateLimitException e = catchThrowableOfType(RateLimitException.class,
                () -> harness.openai.chat().completions().create(chat(MODEL, "hi").build()));
        assertThat(e.statusCode()).isEqualTo(429);
        assertThat(e.headers().values("retry-after")).containsExactly("7");
    }

    @Test
    void serverErrorsAreServerErrors() {
        harness.mock.faults().add(FaultRule.status(503).provider("bedrock"));
        InternalServerException e = catchThrowableOfType(InternalServerException.class,
                () -> harness.openai.chat().completions().create(chat(MODEL, "hi").build()));
        assertThat(e.statusCode()).isEqualTo(503);
    }

    @Test
    void aWrongSecretIsAnAuthFailureThatNeverShowsTheCredentials() {
        OpenAIServiceException e = catchThrowableOfType(OpenAIServiceException.class,
                () -> harness.openai.chat().completions().create(
                        chat("bedrock-wrong/anthropic.claude-3-5-sonnet-20240620-v1:0", "hi").build()));
        assertThat(e.statusCode()).isEqualTo(403);
        assertThat(e.getMessage()).contains("signature does not match")
                .doesNotContain("wrong-secret-1234567890").doesNotContain(BedrockMock.ACCESS_KEY_ID);
    }

    @Test
    void anEventStreamCutMidwayEndsWithAnErrorEventNotACompleteAnswer() throws Exception {
        harness.mock.faults().add(FaultRule.cutAfter(3).provider("bedrock"));
        java.net.http.HttpResponse<String> cut = harness.post("/v1/chat/completions", "application/json",
                "{\"model\":\"" + MODEL + "\",\"stream\":true,\"messages\":[{\"role\":\"user\","
                        + "\"content\":\"one two three four five six\"}]}");
        assertThat(cut.statusCode()).isEqualTo(200);
        assertThat(cut.body()).contains("Mock").contains("\"error\"").doesNotContain("[DONE]");
    }
}
