package dev.heimdall.node;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.openai.core.JsonValue;
import com.openai.core.http.StreamResponse;
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
import com.openai.models.models.Model;
import dev.heimdall.loadtest.mock.RecordedRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** The OpenAI Java SDK against a real node, with the mock's OpenAI and Anthropic APIs upstream. */
class ChatCompletionsApiTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static GatewayHarness harness;

    @BeforeAll
    static void start() throws Exception {
        harness = GatewayHarness.start();
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

    @ParameterizedTest
    @ValueSource(strings = {"openai/gpt-4o-mini", "anthropic/claude-sonnet-4-5"})
    void answersAChatThroughEachUpstream(String model) {
        ChatCompletion completion = harness.openai.chat().completions().create(chat(model, "hello there").build());

        assertThat(completion.choices()).hasSize(1);
        assertThat(completion.choices().get(0).message().content()).contains("Mock reply to: hello there");
        assertThat(completion.choices().get(0).finishReason()).isEqualTo(ChatCompletion.Choice.FinishReason.STOP);
        assertThat(completion.usage()).isPresent();
        assertThat(completion.usage().get().promptTokens()).isPositive();
        assertThat(completion.usage().get().completionTokens()).isPositive();
    }

    @Test
    void anthropicUpstreamReceivesSystemPromptAtTopLevelAndADefaultMaxTokens() throws Exception {
        harness.openai.chat().completions().create(chat("anthropic/claude-sonnet-4-5", "hi").build());

        RecordedRequest sent = harness.mock.requests("anthropic").get(0);
        JsonNode body = JSON.readTree(sent.body());
        assertThat(body.path("system").isTextual() ? body.path("system").asText() : body.path("system").toString())
                .contains("You are terse.");
        assertThat(body.path("max_tokens").asInt()).isPositive();
        assertThat(body.path("model").asText()).isEqualTo("claude-sonnet-4-5");
        assertThat(sent.header("x-api-key")).isEqualTo("sk-ant-test");
        assertThat(sent.header("anthropic-version")).isNotBlank();
    }

    @Test
    void openAiUpstreamReceivesTheClientsFieldsWithOnlyTheModelRewritten() throws Exception {
        harness.openai.chat().completions().create(chat("openai/gpt-4o-mini", "hi").temperature(0.3).seed(7)
                .putAdditionalBodyProperty("logit_bias", JsonValue.from(Map.of("50256", -100))).build());

        JsonNode body = JSON.readTree(harness.mock.requests("openai").get(0).body());
        assertThat(body.path("model").asText()).isEqualTo("gpt-4o-mini");
        assertThat(body.path("temperature").asDouble()).isEqualTo(0.3);
        assertThat(body.path("seed").asInt()).isEqualTo(7);
        assertThat(body.path("logit_bias").path("50256").asInt()).isEqualTo(-100);
        assertThat(harness.mock.requests("openai").get(0).header("authorization")).isEqualTo("Bearer sk-test-openai");
    }

    @ParameterizedTest
    @ValueSource(strings = {"openai/gpt-4o-mini", "anthropic/claude-sonnet-4-5"})
    void streamsContentInOrderWithUsageInTheLastChunk(String model) {
        String expected = harness.openai.chat().completions().create(chat(model, "stream me some words").build())
                .choices().get(0).message().content().orElseThrow();

        List<ChatCompletionChunk> chunks = new ArrayList<>();
        try (StreamResponse<ChatCompletionChunk> stream = harness.openai.chat().completions().createStreaming(
                chat(model, "stream me some words")
                        .streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build()).build())) {
            stream.stream().forEach(chunks::add);
        }

        String streamed = chunks.stream().flatMap(c -> c.choices().stream())
                .map(c -> c.delta().content().orElse("")).collect(Collectors.joining());
        assertThat(streamed).isEqualTo(expected);
        assertThat(chunks.size()).isGreaterThan(3);
        ChatCompletionChunk last = chunks.get(chunks.size() - 1);
        assertThat(last.choices()).isEmpty();
        assertThat(last.usage()).isPresent();
        assertThat(last.usage().get().completionTokens()).isPositive();
        assertThat(chunks.subList(0, chunks.size() - 1)).allSatisfy(c -> assertThat(c.usage()).isEmpty());
    }

    @Test
    void streamWithoutIncludeUsageHasNoUsageChunk() {
        List<ChatCompletionChunk> chunks = new ArrayList<>();
        try (StreamResponse<ChatCompletionChunk> stream = harness.openai.chat().completions()
                .createStreaming(chat("anthropic/claude-sonnet-4-5", "no usage please").build())) {
            stream.stream().forEach(chunks::add);
        }
        assertThat(chunks).isNotEmpty().allSatisfy(c -> assertThat(c.usage()).isEmpty());
        assertThat(chunks.get(chunks.size() - 1).choices().get(0).finishReason()).isPresent();
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

    @ParameterizedTest
    @ValueSource(strings = {"openai/gpt-4o-mini", "anthropic/claude-sonnet-4-5"})
    void toolCallRoundTrip(String model) throws Exception {
        ChatCompletion first = harness.openai.chat().completions().create(
                ChatCompletionCreateParams.builder().model(model).addUserMessage("Paris").addFunctionTool(weatherTool()).build());

        ChatCompletion.Choice choice = first.choices().get(0);
        assertThat(choice.finishReason()).isEqualTo(ChatCompletion.Choice.FinishReason.TOOL_CALLS);
        ChatCompletionMessageFunctionToolCall call = choice.message().toolCalls().orElseThrow().get(0).asFunction();
        assertThat(call.function().name()).isEqualTo("get_weather");
        assertThat(JSON.readTree(call.function().arguments()).path("city").asText()).isEqualTo("Paris");
        assertThat(call.id()).isNotBlank();

        ChatCompletion second = harness.openai.chat().completions().create(
                ChatCompletionCreateParams.builder().model(model).addUserMessage("Paris").addFunctionTool(weatherTool())
                        .addMessage(choice.message())
                        .addMessage(ChatCompletionToolMessageParam.builder().toolCallId(call.id()).content("sunny, 21C").build())
                        .build());
        assertThat(second.choices().get(0).message().content()).contains("Tool result was: sunny, 21C");
    }

    @ParameterizedTest
    @ValueSource(strings = {"openai/gpt-4o-mini", "anthropic/claude-sonnet-4-5"})
    void streamsToolCalls(String model) throws Exception {
        StringBuilder arguments = new StringBuilder();
        List<String> names = new ArrayList<>();
        List<String> finish = new ArrayList<>();
        try (StreamResponse<ChatCompletionChunk> stream = harness.openai.chat().completions().createStreaming(
                ChatCompletionCreateParams.builder().model(model).addUserMessage("Oslo").addFunctionTool(weatherTool()).build())) {
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
    void imagePartsReachTheUpstream() {
        ChatCompletion completion = harness.openai.chat().completions().create(ChatCompletionCreateParams.builder()
                .model("anthropic/claude-sonnet-4-5")
                .addUserMessageOfArrayOfContentParts(List.of(
                        ChatCompletionContentPart.ofText(ChatCompletionContentPartText.builder().text("what is this").build()),
                        ChatCompletionContentPart.ofImageUrl(ChatCompletionContentPartImage.builder()
                                .imageUrl(ChatCompletionContentPartImage.ImageUrl.builder()
                                        .url("data:image/png;base64,iVBORw0KGgo=").build()).build())))
                .build());
        assertThat(completion.choices().get(0).message().content())
                .hasValueSatisfying(text -> assertThat(text).contains("what is this").contains("[1 image]"));
    }

    @Test
    void embeddingsInTheSdksDefaultBase64Encoding() {
        CreateEmbeddingResponse response = harness.openai.embeddings().create(EmbeddingCreateParams.builder()
                .model("openai/text-embedding-3-small").input("embed me").build());
        assertThat(response.data()).hasSize(1);
        List<Float> vector = response.data().get(0).embedding();
        assertThat(vector).hasSizeGreaterThan(100);
        double norm = Math.sqrt(vector.stream().mapToDouble(f -> f * f).sum());
        assertThat(norm).isBetween(0.99, 1.01);
        assertThat(response.usage().promptTokens()).isPositive();
    }

    @Test
    void modelListShowsAliasesAndProviderModels() {
        List<String> ids = harness.openai.models().list().autoPager().stream().map(Model::id).toList();
        assertThat(ids).contains("smart", "resilient", "openai/gpt-4o-mini", "openai/text-embedding-3-small",
                "anthropic/claude-sonnet-4-5");
    }

    @Test
    void aliasRoutesToItsTargetAndSaysWhereItWent() throws Exception {
        var response = harness.post("/v1/chat/completions", "application/json",
                "{\"model\":\"smart\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("x-heimdall-provider")).contains("openai");
        assertThat(response.headers().firstValue("x-heimdall-model")).contains("gpt-4o");
        assertThat(response.headers().firstValue("x-heimdall-attempts")).contains("1");
        assertThat(response.headers().firstValue("x-request-id")).isPresent();
    }
}
