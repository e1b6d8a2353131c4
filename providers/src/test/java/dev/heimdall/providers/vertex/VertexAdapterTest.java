package dev.heimdall.providers.vertex;

import com.fasterxml.jackson.databind.JsonNode;
import dev.heimdall.providers.Fixtures;
import dev.heimdall.providers.canonical.ChatRequest;
import dev.heimdall.providers.canonical.FinishReason;
import dev.heimdall.providers.canonical.Message;
import dev.heimdall.providers.canonical.Role;
import dev.heimdall.providers.canonical.StreamEvent;
import dev.heimdall.providers.canonical.Usage;
import dev.heimdall.providers.spi.ProviderError;
import dev.heimdall.providers.spi.TargetContext;
import dev.heimdall.providers.spi.UpstreamRequest;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class VertexAdapterTest {

    private final VertexAdapter adapter = new VertexAdapter(Clock.fixed(Instant.parse("2025-06-01T12:00:00Z"),
            ZoneOffset.UTC));
    private static final Map<String, String> SETTINGS = Map.of(TargetContext.PROJECT, "my-proj",
            TargetContext.LOCATION, "europe-west4");
    private static final ChatRequest HELLO = ChatRequest.of("x", List.of(Message.text(Role.SYSTEM, "Be brief."),
            Message.text(Role.USER, "Hello")));

    private static TargetContext target(String model) {
        return new TargetContext(model, null, null, null, Map.of(), SETTINGS);
    }

    @Test
    void defaultBaseUrlFollowsTheLocation() {
        assertThat(adapter.defaultBaseUrl(Map.of(TargetContext.LOCATION, "europe-west4")))
                .isEqualTo("https://europe-west4-aiplatform.googleapis.com");
        assertThat(adapter.defaultBaseUrl(Map.of(TargetContext.LOCATION, "global")))
                .isEqualTo("https://aiplatform.googleapis.com");
        assertThat(adapter.defaultBaseUrl(Map.of())).isEqualTo("https://us-central1-aiplatform.googleapis.com");
    }

    @Test
    void geminiModelsUseThePublisherPathAndGeminiBody() {
        UpstreamRequest upstream = adapter.encodeChat(HELLO, target("gemini-2.5-pro"));
        assertThat(upstream.path()).isEqualTo("/v1/projects/my-proj/locations/europe-west4/publishers/google/models/"
                + "gemini-2.5-pro:generateContent");
        assertThat(upstream.headers()).containsExactly(Map.entry("content-type", "application/json"));
        assertThat(Fixtures.json(upstream.body()).at("/systemInstruction/parts/0/text").asText())
                .isEqualTo("Be brief.");
        assertThat(adapter.encodeChat(HELLO.withStream(true, false), target("gemini-2.5-pro")).path())
                .endsWith("/models/gemini-2.5-pro:streamGenerateContent?alt=sse");
    }

    @Test
    void claudeModelsUseRawPredictWithTheVertexAnthropicVersionAndNoModel() {
        UpstreamRequest upstream = adapter.encodeChat(HELLO, target("claude-sonnet-4-5@20250929"));
        assertThat(upstream.path()).isEqualTo("/v1/projects/my-proj/locations/europe-west4/publishers/anthropic/"
                + "models/claude-sonnet-4-5%4020250929:rawPredict");
        JsonNode body = Fixtures.json(upstream.body());
        assertThat(body.has("model")).isFalse();
        assertThat(body.get("anthropic_version").asText()).isEqualTo("vertex-2023-10-16");
        assertThat(body.get("system").asText()).isEqualTo("Be brief.");
        assertThat(body.get("max_tokens").asInt()).isEqualTo(4096);
        UpstreamRequest stream = adapter.encodeChat(HELLO.withStream(true, false), target("claude-haiku-4-5"));
        assertThat(stream.path()).endsWith("/models/claude-haiku-4-5:streamRawPredict");
        assertThat(Fixtures.json(stream.body()).get("stream").asBoolean()).isTrue();
    }

    @Test
    void aKeyValueIsSentAsBearerToken() {
        TargetContext withToken = new TargetContext("gemini-2.5-pro", "ya29.token", null, null, Map.of(), SETTINGS);
        assertThat(adapter.encodeChat(HELLO, withToken).headers()).contains(Map.entry("Authorization",
                "Bearer ya29.token"));
    }

    @Test
    void projectIsRequired() {
        assertThatThrownBy(() -> adapter.encodeChat(HELLO, TargetContext.of("gemini-2.5-pro", null)))
                .hasMessageContaining("project");
    }

    @Test
    void decodesBothFormats() {
        assertThat(adapter.decodeChat(Fixtures.bytes("anthropic/response_text.json")).choices().get(0).message()
                .text()).isNotEmpty();
        assertThat(adapter.decodeChat(Fixtures.bytes("gemini/response_text.json")).usage())
                .isEqualTo(new Usage(8, 412, 4, 0, 400));
    }

    @Test
    void streamDecoderFollowsTheModel() {
        List<StreamEvent> gemini = Fixtures.decode(adapter.streamDecoder(HELLO, target("gemini-2.5-flash")),
                Fixtures.bytes("gemini/stream_function_call.txt"));
        assertThat(gemini).contains(new StreamEvent.Finish(0, FinishReason.TOOL_CALLS));
        List<StreamEvent> claude = Fixtures.decode(adapter.streamDecoder(HELLO, target("claude-sonnet-4-5")),
                Fixtures.bytes("anthropic/stream_tool_use.txt"));
        assertThat(claude.get(claude.size() - 1)).isInstanceOf(StreamEvent.UsageReport.class);
    }

    @Test
    void classifiesGoogleAndAnthropicErrorShapes() {
        byte[] google = ("{\"error\":{\"code\":429,\"message\":\"Quota exceeded\",\"status\":\"RESOURCE_EXHAUSTED\"}}")
                .getBytes(StandardCharsets.UTF_8);
        assertThat(adapter.classifyError(429, "3", google))
                .isEqualTo(new ProviderError.RateLimited("Quota exceeded", 429, Duration.ofSeconds(3)));
        byte[] anthropic = "{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}"
                .getBytes(StandardCharsets.UTF_8);
        assertThat(adapter.classifyError(529, null, anthropic)).isEqualTo(new ProviderError.ServerError("Overloaded",
                529));
        assertThat(adapter.classifyError(401, null, "{\"error\":{\"code\":401,\"status\":\"UNAUTHENTICATED\"}}"
                .getBytes(StandardCharsets.UTF_8))).isInstanceOf(ProviderError.AuthFailure.class);
    }
}
