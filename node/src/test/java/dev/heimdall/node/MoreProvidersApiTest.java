package dev.heimdall.node;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.openai.core.JsonValue;
import com.openai.core.http.StreamResponse;
import com.openai.errors.BadRequestException;
import com.openai.errors.RateLimitException;
import com.openai.errors.UnauthorizedException;
import com.openai.models.FunctionDefinition;
import com.openai.models.FunctionParameters;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionMessageFunctionToolCall;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import com.openai.models.chat.completions.ChatCompletionToolMessageParam;
import com.openai.models.embeddings.CreateEmbeddingResponse;
import com.openai.models.embeddings.EmbeddingCreateParams;
import com.openai.models.models.Model;
import dev.heimdall.loadtest.mock.FaultRule;
import dev.heimdall.loadtest.mock.RecordedRequest;
import dev.heimdall.loadtest.mock.openai.OpenAiMock;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * The OpenAI Java SDK against a real node with Azure OpenAI, Cohere and OpenAI-compatible presets upstream (the
 * presets served by the mock's OpenAI API, or its key-less local server), checking what reached the mock.
 */
class MoreProvidersApiTest {

    static final String CONFIG = """
            server: { host: 127.0.0.1, port: 0, event-loops: 1, max-body-size: 64KiB }
            providers:
              azure:
                type: azure
                base-url: "http://127.0.0.1:MOCK/azure"
                api-version: "2025-01-01-preview"
                keys: [ { name: main, value: az-key, deployments: { gpt-4o: prod-4o } } ]
                models: [ gpt-4o, text-embedding-3-small ]
              azure-entra:
                type: azure
                base-url: "http://127.0.0.1:MOCK/azure"
                keys: [ { name: entra, bearer-token: entra-token } ]
                models: [ gpt-4o-mini ]
              cohere:
                type: cohere
                base-url: "http://127.0.0.1:MOCK/cohere"
                keys: [ { name: main, value: co-key } ]
                models: [ command-r-plus, embed-english-v3.0 ]
              cohere-revoked:
                type: cohere
                base-url: "http://127.0.0.1:MOCK/cohere"
                keys: [ { name: revoked, value: invalid-co-key } ]
              groq:
                type: groq
                base-url: "http://127.0.0.1:MOCK/openai"
                keys: [ { name: main, value: gsk-key } ]
                models: [ llama-3.3-70b-versatile ]
              mistral:
                type: mistral
                base-url: "http://127.0.0.1:MOCK/openai"
                keys: [ { name: main, value: mistral-key } ]
                models: [ mistral-small-latest ]
              ollama:
                type: ollama
                base-url: "http://127.0.0.1:MOCK/local"
                models: [ llama3.2 ]
              perplexity:
                type: perplexity
                base-url: "http://127.0.0.1:MOCK/openai/v1"
                keys: [ { name: main, value: pplx-key } ]
            models:
              command:
                targets: [ { provider: cohere, model: command-r-plus } ]
            """;

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

    private static ChatCompletion ask(String model, String text) {
        return harness.openai.chat().completions().create(ChatCompletionCreateParams.builder().model(model)
                .addUserMessage(text).build());
    }

    private static JsonNode body(RecordedRequest request) throws Exception {
        return JSON.readTree(request.body());
    }

    private static FunctionDefinition weatherTool() {
        return FunctionDefinition.builder().name("get_weather").description("Weather for a city")
                .parameters(FunctionParameters.builder()
                        .putAdditionalProperty("type", JsonValue.from("object"))
                        .putAdditionalProperty("properties", JsonValue.from(Map.of("city", Map.of("type", "string"))))
                        .build())
                .build();
    }

    // ---- Azure --------------------------------------------------------------------------------------------

    @Test
    void azureApiKeyReachesTheMappedDeploymentWithTheConfiguredApiVersion() {
        ChatCompletion completion = ask("azure/gpt-4o", "hello azure");

        assertThat(completion.choices().get(0).message().content()).contains("Mock reply to: hello azure");
        RecordedRequest sent = harness.mock.requests("azure").get(0);
        assertThat(sent.path()).isEqualTo("/azure/openai/deployments/prod-4o/chat/completions");
        assertThat(sent.headers().get("api-key")).isEqualTo("az-key");
        assertThat(sent.headers()).doesNotContainKey("authorization");
        assertThat(completion.usage().orElseThrow().promptTokens()).isPositive();
    }

    @Test
    void azureBearerTokenKeyAndAStreamWithUsage() {
        StringBuilder text = new StringBuilder();
        List<Long> usage = new ArrayList<>();
        try (StreamResponse<ChatCompletionChunk> stream = harness.openai.chat().completions().createStreaming(
                ChatCompletionCreateParams.builder().model("azure-entra/gpt-4o-mini").addUserMessage("stream it")
                        .streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build()).build())) {
            stream.stream().forEach(c -> {
                c.choices().forEach(ch -> ch.delta().content().ifPresent(text::append));
                c.usage().ifPresent(u -> usage.add(u.completionTokens()));
            });
        }
        assertThat(text).hasToString("Mock reply to: stream it");
        assertThat(usage).containsExactly(5L);
        RecordedRequest sent = harness.mock.requests("azure").get(0);
        assertThat(sent.path()).isEqualTo("/azure/openai/deployments/gpt-4o-mini/chat/completions");
        assertThat(sent.headers().get("authorization")).isEqualTo("Bearer entra-token");
        assertThat(sent.headers()).doesNotContainKey("api-key");
    }

    @Test
    void azureEmbeddings() {
        CreateEmbeddingResponse response = harness.openai.embeddings().create(EmbeddingCreateParams.builder()
                .model("azure/text-embedding-3-small").input("embed me").build());
        assertThat(response.data().get(0).embedding()).hasSize(1536);
        assertThat(harness.mock.requests("azure").get(0).path())
                .isEqualTo("/azure/openai/deployments/text-embedding-3-small/embeddings");
    }

    // ---- Cohere -------------------------------------------------------------------------------------------

    @Test
    void cohereChatThroughAnAlias() throws Exception {
        ChatCompletion completion = harness.openai.chat().completions().create(ChatCompletionCreateParams.builder()
                .model("command").addSystemMessage("Be terse.").addUserMessage("hello cohere").maxCompletionTokens(50)
                .temperature(0.2).build());

        assertThat(completion.choices().get(0).message().content()).contains("Mock reply to: hello cohere");
        assertThat(completion.choices().get(0).finishReason()).isEqualTo(ChatCompletion.Choice.FinishReason.STOP);
        assertThat(completion.usage().orElseThrow().completionTokens()).isEqualTo(5);
        RecordedRequest sent = harness.mock.requests("cohere").get(0);
        assertThat(sent.path()).isEqualTo("/cohere/v2/chat");
        assertThat(sent.apiKey()).isEqualTo("co-key");
        JsonNode body = body(sent);
        assertThat(body.get("model").asText()).isEqualTo("command-r-plus");
        assertThat(body.get("max_tokens").asInt()).isEqualTo(50);
        assertThat(body.path("messages").get(0).path("role").asText()).isEqualTo("system");
    }

    @Test
    void cohereStreamWithUsage() {
        StringBuilder text = new StringBuilder();
        List<String> finish = new ArrayList<>();
        List<Long> usage = new ArrayList<>();
        try (StreamResponse<ChatCompletionChunk> stream = harness.openai.chat().completions().createStreaming(
                ChatCompletionCreateParams.builder().model("cohere/command-r-plus").addUserMessage("stream me words")
                        .streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build()).build())) {
            stream.stream().forEach(c -> {
                c.choices().forEach(ch -> {
                    ch.delta().content().ifPresent(text::append);
                    ch.finishReason().ifPresent(f -> finish.add(f.asString()));
                });
                c.usage().ifPresent(u -> usage.add(u.completionTokens()));
            });
        }
        assertThat(text).hasToString("Mock reply to: stream me words");
        assertThat(finish).containsExactly("stop");
        assertThat(usage).containsExactly(6L);
    }

    @Test
    void cohereToolRoundTripWholeAndStreamed() throws Exception {
        ChatCompletion first = harness.openai.chat().completions().create(ChatCompletionCreateParams.builder()
                .model("cohere/command-r-plus").addUserMessage("Paris").addFunctionTool(weatherTool()).build());
        ChatCompletion.Choice choice = first.choices().get(0);
        assertThat(choice.finishReason()).isEqualTo(ChatCompletion.Choice.FinishReason.TOOL_CALLS);
        ChatCompletionMessageFunctionToolCall call = choice.message().toolCalls().orElseThrow().get(0).asFunction();
        assertThat(call.function().name()).isEqualTo("get_weather");
        assertThat(JSON.readTree(call.function().arguments()).path("city").asText()).isEqualTo("Paris");

        ChatCompletion second = harness.openai.chat().completions().create(ChatCompletionCreateParams.builder()
                .model("cohere/command-r-plus").addUserMessage("Paris").addFunctionTool(weatherTool())
                .addMessage(choice.message())
                .addMessage(ChatCompletionToolMessageParam.builder().toolCallId(call.id()).content("sunny").build())
                .build());
        assertThat(second.choices().get(0).message().content()).contains("Tool result was: sunny");
        JsonNode sent = body(harness.mock.requests("cohere").get(1));
        assertThat(sent.path("messages").get(1).path("tool_calls").get(0).path("id").asText()).isEqualTo(call.id());
        assertThat(sent.path("messages").get(2).path("role").asText()).isEqualTo("tool");

        StringBuilder arguments = new StringBuilder();
        List<String> names = new ArrayList<>();
        try (StreamResponse<ChatCompletionChunk> stream = harness.openai.chat().completions().createStreaming(
                ChatCompletionCreateParams.builder().model("cohere/command-r-plus").addUserMessage("Oslo")
                        .addFunctionTool(weatherTool()).build())) {
            stream.stream().flatMap(c -> c.choices().stream()).forEach(c ->
                    c.delta().toolCalls().ifPresent(calls -> calls.forEach(tc -> {
                        tc.function().flatMap(f -> f.name()).ifPresent(names::add);
                        tc.function().flatMap(f -> f.arguments()).ifPresent(arguments::append);
                    })));
        }
        assertThat(names).containsExactly("get_weather");
        assertThat(JSON.readTree(arguments.toString()).path("city").asText()).isEqualTo("Oslo");
    }

    @Test
    void cohereEmbeddingsInTheSdksDefaultBase64() {
        CreateEmbeddingResponse response = harness.openai.embeddings().create(EmbeddingCreateParams.builder()
                .model("cohere/embed-english-v3.0").input("embed me").build());
        List<Float> vector = response.data().get(0).embedding();
        float[] expected = OpenAiMock.vector("embed me", 1024);
        assertThat(vector).hasSize(1024);
        assertThat(vector.get(0)).isEqualTo(expected[0]);
        assertThat(vector.get(1023)).isEqualTo(expected[1023]);
        assertThat(response.usage().promptTokens()).isEqualTo(2);
        assertThat(harness.mock.requests("cohere").get(0).path()).isEqualTo("/cohere/v2/embed");
    }

    @Test
    void cohereErrorsKeepTheirClass() {
        harness.mock.faults().add(FaultRule.status(429, 3).provider("cohere"));
        RateLimitException limited = catchThrowableOfType(RateLimitException.class,
                () -> ask("cohere/command-r-plus", "x"));
        assertThat(limited.statusCode()).isEqualTo(429);
        harness.mock.faults().clear();

        UnauthorizedException denied = catchThrowableOfType(UnauthorizedException.class,
                () -> ask("cohere-revoked/command-r-plus", "x"));
        assertThat(denied.statusCode()).isEqualTo(401);

        BadRequestException tooLong = catchThrowableOfType(BadRequestException.class,
                () -> ask("cohere/small-context", "word ".repeat(2_000)));
        assertThat(tooLong.statusCode()).isEqualTo(400);
        assertThat(tooLong.getMessage()).contains("too many tokens");
    }

    // ---- OpenAI-compatible presets ------------------------------------------------------------------------

    @Test
    void groqGetsMaxTokensAndNoLogprobs() throws Exception {
        ChatCompletion completion = harness.openai.chat().completions().create(ChatCompletionCreateParams.builder()
                .model("groq/llama-3.3-70b-versatile").addUserMessage("hello groq").maxCompletionTokens(2)
                .logprobs(true).n(1).build());

        assertThat(completion.choices().get(0).message().content()).contains("Mock reply");
        assertThat(completion.choices().get(0).finishReason()).isEqualTo(ChatCompletion.Choice.FinishReason.LENGTH);
        RecordedRequest sent = harness.mock.requests("openai").get(0);
        assertThat(sent.path()).isEqualTo("/openai/v1/chat/completions");
        assertThat(sent.apiKey()).isEqualTo("gsk-key");
        JsonNode body = body(sent);
        assertThat(body.get("max_tokens").asInt()).isEqualTo(2);
        assertThat(body.has("max_completion_tokens")).isFalse();
        assertThat(body.has("logprobs")).isFalse();
        assertThat(body.has("n")).isFalse();
    }

    @Test
    void mistralGetsRandomSeedAndNoUser() throws Exception {
        ChatCompletion completion = harness.openai.chat().completions().create(ChatCompletionCreateParams.builder()
                .model("mistral/mistral-small-latest").addUserMessage("bonjour").seed(42).user("u-1").build());

        assertThat(completion.choices().get(0).message().content()).contains("Mock reply to: bonjour");
        JsonNode body = body(harness.mock.requests("openai").get(0));
        assertThat(body.get("random_seed").asInt()).isEqualTo(42);
        assertThat(body.has("seed")).isFalse();
        assertThat(body.has("user")).isFalse();
        assertThat(body.get("model").asText()).isEqualTo("mistral-small-latest");
    }

    @Test
    void ollamaWithoutAKeyStreams() {
        StringBuilder text = new StringBuilder();
        try (StreamResponse<ChatCompletionChunk> stream = harness.openai.chat().completions().createStreaming(
                ChatCompletionCreateParams.builder().model("ollama/llama3.2").addUserMessage("local please").build())) {
            stream.stream().forEach(c -> c.choices().forEach(ch -> ch.delta().content().ifPresent(text::append)));
        }
        assertThat(text).hasToString("Mock reply to: local please");
        RecordedRequest sent = harness.mock.requests("local").get(0);
        assertThat(sent.path()).isEqualTo("/local/v1/chat/completions");
        assertThat(sent.headers()).doesNotContainKey("authorization");
    }

    @Test
    void perplexityUsesItsPathAndRefusesTools() {
        assertThat(ask("perplexity/sonar", "search").choices().get(0).message().content())
                .contains("Mock reply to: search");
        assertThat(harness.mock.requests("openai").get(0).path()).isEqualTo("/openai/v1/chat/completions");

        BadRequestException e = catchThrowableOfType(BadRequestException.class,
                () -> harness.openai.chat().completions().create(ChatCompletionCreateParams.builder()
                        .model("perplexity/sonar").addUserMessage("x").addFunctionTool(weatherTool()).build()));
        assertThat(e.statusCode()).isEqualTo(400);
        assertThat(e.getMessage()).contains("perplexity does not support tools");
        assertThat(harness.mock.requests("openai")).hasSize(1);
    }

    @Test
    void modelListShowsEveryConfiguredModel() {
        List<String> ids = harness.openai.models().list().autoPager().stream().map(Model::id).toList();
        assertThat(ids).contains("command", "azure/gpt-4o", "azure/text-embedding-3-small", "azure-entra/gpt-4o-mini",
                "cohere/command-r-plus", "cohere/embed-english-v3.0", "groq/llama-3.3-70b-versatile",
                "mistral/mistral-small-latest", "ollama/llama3.2");
    }
}
