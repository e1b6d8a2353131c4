package dev.heimdall.node;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import com.google.genai.Client;
import com.google.genai.ResponseStream;
import com.google.genai.errors.ApiException;
import com.google.genai.types.Content;
import com.google.genai.types.CountTokensResponse;
import com.google.genai.types.FunctionCall;
import com.google.genai.types.FunctionDeclaration;
import com.google.genai.types.GenerateContentConfig;
import com.google.genai.types.GenerateContentResponse;
import com.google.genai.types.GenerateContentResponseUsageMetadata;
import com.google.genai.types.HttpOptions;
import com.google.genai.types.HttpRetryOptions;
import com.google.genai.types.Part;
import com.google.genai.types.Schema;
import com.google.genai.types.Tool;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Google's GenAI Java SDK against a real node's Gemini API, served by an OpenAI and an Anthropic upstream through
 * the canonical model.
 */
class GeminiApiIngressTest {

    private static final String CONFIG = """
            server: { host: 127.0.0.1, port: 0, event-loops: 1, max-body-size: 64KiB }
            providers:
              openai:
                type: openai
                base-url: "http://127.0.0.1:MOCK/openai"
                keys: [ { name: main, value: sk-test-openai } ]
                models: [ gpt-4o-mini ]
              anthropic:
                type: anthropic
                base-url: "http://127.0.0.1:MOCK/anthropic"
                keys: [ { name: main, value: sk-ant-test } ]
                models: [ claude-sonnet-4-5 ]
            models:
              gpt-via-gemini:
                targets: [ { provider: openai, model: gpt-4o-mini } ]
              claude-via-gemini:
                targets: [ { provider: anthropic, model: claude-sonnet-4-5 } ]
            """;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static GatewayHarness harness;
    private static Client gemini;

    @BeforeAll
    static void start() throws Exception {
        harness = GatewayHarness.start(CONFIG, GatewayHarness.mockDefaults());
        gemini = Client.builder().apiKey("AIza-client-anything")
                .httpOptions(HttpOptions.builder().baseUrl(harness.baseUrl())
                        .retryOptions(HttpRetryOptions.builder().attempts(1).build()).build())
                .build();
    }

    @AfterAll
    static void stop() throws Exception {
        gemini.close();
        harness.close();
    }

    @BeforeEach
    void reset() {
        harness.reset();
    }

    private static String providerOf(String alias) {
        return alias.startsWith("gpt") ? "openai" : "anthropic";
    }

    @ParameterizedTest
    @ValueSource(strings = {"gpt-via-gemini", "claude-via-gemini"})
    void generatesContentThroughEachUpstream(String model) {
        GenerateContentConfig config = GenerateContentConfig.builder()
                .systemInstruction(Content.fromParts(Part.fromText("You are terse."))).maxOutputTokens(99).build();
        GenerateContentResponse response = gemini.models.generateContent(model, "hello there", config);

        assertThat(response.text()).isEqualTo("Mock reply to: hello there");
        assertThat(response.finishReason().toString()).isEqualTo("STOP");
        GenerateContentResponseUsageMetadata usage = response.usageMetadata().orElseThrow();
        assertThat(usage.promptTokenCount().orElseThrow()).isPositive();
        assertThat(usage.candidatesTokenCount().orElseThrow()).isPositive();
        assertThat(usage.totalTokenCount().orElseThrow())
                .isEqualTo(usage.promptTokenCount().orElseThrow() + usage.candidatesTokenCount().orElseThrow());
        assertThat(harness.mock.requests(providerOf(model))).hasSize(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"gpt-via-gemini", "claude-via-gemini"})
    void streamsTextInOrderWithUsageInTheLastChunk(String model) {
        List<String> pieces = new ArrayList<>();
        List<GenerateContentResponse> chunks = new ArrayList<>();
        try (ResponseStream<GenerateContentResponse> stream =
                     gemini.models.generateContentStream(model, "stream these words", null)) {
            for (GenerateContentResponse chunk : stream) {
                chunks.add(chunk);
                if (chunk.text() != null) {
                    pieces.add(chunk.text());
                }
            }
        }
        assertThat(String.join("", pieces)).isEqualTo("Mock reply to: stream these words");
        assertThat(pieces.stream().filter(p -> !p.isEmpty()).count()).isGreaterThan(1);
        GenerateContentResponse last = chunks.get(chunks.size() - 1);
        assertThat(last.finishReason().toString()).isEqualTo("STOP");
        assertThat(last.usageMetadata().orElseThrow().candidatesTokenCount().orElseThrow()).isPositive();
        assertThat(chunks.subList(0, chunks.size() - 1)).allSatisfy(c -> assertThat(c.usageMetadata()).isEmpty());
    }

    private static GenerateContentConfig weatherTool() {
        FunctionDeclaration weather = FunctionDeclaration.builder().name("get_weather").description("Weather")
                .parameters(Schema.builder().type("OBJECT")
                        .properties(ImmutableMap.of("city", Schema.builder().type("STRING").build()))
                        .required(ImmutableList.of("city")).build())
                .build();
        return GenerateContentConfig.builder()
                .tools(ImmutableList.of(Tool.builder().functionDeclarations(ImmutableList.of(weather)).build()))
                .build();
    }

    @ParameterizedTest
    @ValueSource(strings = {"gpt-via-gemini", "claude-via-gemini"})
    void functionCallRoundTrip(String model) throws Exception {
        GenerateContentResponse called = gemini.models.generateContent(model, "Lima", weatherTool());
        FunctionCall call = called.functionCalls().get(0);
        assertThat(call.name()).contains("get_weather");
        assertThat(call.args().orElseThrow()).containsEntry("city", "Lima");

        List<FunctionCall> streamedCalls = new ArrayList<>();
        try (ResponseStream<GenerateContentResponse> stream =
                     gemini.models.generateContentStream(model, "Lima", weatherTool())) {
            for (GenerateContentResponse chunk : stream) {
                if (chunk.functionCalls() != null) {
                    streamedCalls.addAll(chunk.functionCalls());
                }
            }
        }
        assertThat(streamedCalls).hasSize(1);
        assertThat(streamedCalls.get(0).args().orElseThrow()).containsEntry("city", "Lima");

        Content modelTurn = called.candidates().orElseThrow().get(0).content().orElseThrow();
        GenerateContentResponse answered = gemini.models.generateContent(model, List.of(
                Content.builder().role("user").parts(Part.fromText("Lima")).build(),
                modelTurn,
                Content.builder().role("user").parts(Part.fromFunctionResponse("get_weather",
                        Map.of("result", "cloudy, 18C"))).build()), weatherTool());
        assertThat(answered.text()).isEqualTo("Tool result was: cloudy, 18C");
        JsonNode sent = JSON.readTree(harness.mock.requests(providerOf(model)).get(2).body());
        assertThat(sent.toString()).contains("get_weather").contains("cloudy, 18C");
    }

    @ParameterizedTest
    @ValueSource(strings = {"gpt-via-gemini", "claude-via-gemini"})
    void countsTokensWithoutCallingTheUpstream(String model) {
        CountTokensResponse count = gemini.models.countTokens(model, "count these few words please", null);
        assertThat(count.totalTokens().orElseThrow()).isBetween(5, 40);
        assertThat(harness.mock.requests()).isEmpty();
    }

    @Test
    void unknownModelIsNotFound() {
        ApiException e = catchThrowableOfType(ApiException.class,
                () -> gemini.models.generateContent("no-such-model", "x", null));
        assertThat(e.code()).isEqualTo(404);
        assertThat(e.status()).isEqualTo("NOT_FOUND");
    }

    @Test
    void upstreamRateLimitIsResourceExhaustedWithRetryAfter() throws Exception {
        harness.mock.faults().add(FaultRule.status(429, 9).provider("openai"));
        ApiException e = catchThrowableOfType(ApiException.class,
                () -> gemini.models.generateContent("gpt-via-gemini", "x", null));
        assertThat(e.code()).isEqualTo(429);
        assertThat(e.status()).isEqualTo("RESOURCE_EXHAUSTED");

        // the key now rests for the provider's Retry-After: the gateway answers from that, with what remains of it
        int before = harness.mock.requests("openai").size();
        HttpResponse<String> raw = harness.post("/v1beta/models/gpt-via-gemini:generateContent", "application/json",
                "{\"contents\":[{\"parts\":[{\"text\":\"x\"}]}]}");
        assertThat(raw.statusCode()).isEqualTo(429);
        assertThat(Integer.parseInt(raw.headers().firstValue("retry-after").orElseThrow())).isBetween(1, 9);
        assertThat(harness.mock.requests("openai")).hasSize(before);
    }

    @Test
    void badBodiesAreInvalidArgumentAndNeverReachTheUpstream() throws Exception {
        HttpResponse<String> noContents = harness.post("/v1beta/models/gpt-via-gemini:generateContent",
                "application/json", "{\"contents\":[]}");
        assertThat(noContents.statusCode()).isEqualTo(400);
        JsonNode error = JSON.readTree(noContents.body()).path("error");
        assertThat(error.path("code").asInt()).isEqualTo(400);
        assertThat(error.path("status").asText()).isEqualTo("INVALID_ARGUMENT");
        assertThat(error.path("message").asText()).contains("contents");

        HttpResponse<String> badRole = harness.post("/v1beta/models/gpt-via-gemini:generateContent",
                "application/json", "{\"contents\":[{\"role\":\"robot\",\"parts\":[{\"text\":\"x\"}]}]}");
        assertThat(JSON.readTree(badRole.body()).at("/error/message").asText()).contains("valid role");

        HttpResponse<String> malformed = harness.post("/v1beta/models/gpt-via-gemini:generateContent",
                "application/json", "{\"contents\":");
        assertThat(JSON.readTree(malformed.body()).at("/error/status").asText()).isEqualTo("INVALID_ARGUMENT");

        HttpResponse<String> tooBig = harness.post("/v1beta/models/gpt-via-gemini:generateContent",
                "application/json", "{\"pad\":\"" + "x".repeat(70_000) + "\"}");
        assertThat(tooBig.statusCode()).isEqualTo(413);
        assertThat(JSON.readTree(tooBig.body()).at("/error/status").asText()).isEqualTo("INVALID_ARGUMENT");
        assertThat(harness.mock.requests()).isEmpty();

        ApiException e = catchThrowableOfType(ApiException.class, () -> gemini.models.generateContent(
                "gpt-via-gemini", "x", GenerateContentConfig.builder().responseMimeType("text/x.enum").build()));
        assertThat(e.code()).isEqualTo(400);
        assertThat(e.status()).isEqualTo("INVALID_ARGUMENT");
    }

    @ParameterizedTest
    @ValueSource(strings = {"openai/gpt-4o-mini", "openai%2Fgpt-4o-mini", "models/openai/gpt-4o-mini"})
    void providerSlashModelWorksPlainEncodedOrPrefixed(String model) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(harness.baseUrl() + "/v1beta/models/" + model
                        + ":generateContent?key=AIza-secret"))
                .header("content-type", "application/json").timeout(Duration.ofSeconds(20))
                .POST(HttpRequest.BodyPublishers.ofString("{\"contents\":[{\"role\":\"user\",\"parts\":[{\"text\":\"hi\"}]}]}"))
                .build();
        HttpResponse<String> response = harness.http.send(request, HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(JSON.readTree(response.body()).at("/candidates/0/content/parts/0/text").asText())
                .isEqualTo("Mock reply to: hi");
        assertThat(response.headers().firstValue("x-heimdall-provider")).contains("openai");
        assertThat(harness.mock.requests("openai").get(0).body()).doesNotContain("AIza-secret");
    }

    @Test
    void streamWithoutAltSseIsAJsonArrayOfChunks() throws Exception {
        HttpResponse<String> response = harness.post("/v1beta/models/claude-via-gemini:streamGenerateContent",
                "application/json", "{\"contents\":[{\"role\":\"user\",\"parts\":[{\"text\":\"array please\"}]}]}");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("content-type").orElseThrow()).startsWith("application/json");
        JsonNode chunks = JSON.readTree(response.body());
        assertThat(chunks.isArray()).isTrue();
        StringBuilder text = new StringBuilder();
        chunks.forEach(c -> text.append(c.at("/candidates/0/content/parts/0/text").asText()));
        assertThat(text.toString()).isEqualTo("Mock reply to: array please");
        assertThat(chunks.get(chunks.size() - 1).at("/candidates/0/finishReason").asText()).isEqualTo("STOP");
        assertThat(chunks.get(chunks.size() - 1).has("usageMetadata")).isTrue();
    }

    @Test
    void anUpstreamCutMidStreamEndsWithAGoogleErrorFrame() throws Exception {
        harness.mock.faults().add(FaultRule.cutAfter(3).provider("openai"));
        HttpResponse<String> response = harness.post("/v1beta/models/gpt-via-gemini:streamGenerateContent?alt=sse",
                "application/json", "{\"contents\":[{\"parts\":[{\"text\":\"a long enough reply please\"}]}]}");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("content-type")).contains("text/event-stream");
        String[] frames = response.body().split("\r\n\r\n");
        assertThat(frames[0]).startsWith("data: {\"candidates\":");
        JsonNode last = JSON.readTree(frames[frames.length - 1].substring("data: ".length()));
        assertThat(last.at("/error/code").asInt()).isGreaterThanOrEqualTo(500);
        assertThat(last.at("/error/status").asText()).isNotEmpty();
    }
}
