package dev.heimdall.providers.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.heimdall.providers.Fixtures;
import dev.heimdall.providers.canonical.ChatRequest;
import dev.heimdall.providers.canonical.ChatResponse;
import dev.heimdall.providers.canonical.EmbeddingRequest;
import dev.heimdall.providers.canonical.EmbeddingResponse;
import dev.heimdall.providers.canonical.FinishReason;
import dev.heimdall.providers.canonical.Message;
import dev.heimdall.providers.canonical.Role;
import dev.heimdall.providers.canonical.StreamEvent;
import dev.heimdall.providers.canonical.ToolCall;
import dev.heimdall.providers.canonical.Usage;
import dev.heimdall.providers.spi.ProviderError;
import dev.heimdall.providers.spi.ProviderException;
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

class OpenAiAdapterTest {

    private static final Instant NOW = Instant.parse("2025-06-01T12:00:00Z");
    private final OpenAiAdapter adapter = new OpenAiAdapter(Clock.fixed(NOW, ZoneOffset.UTC));
    private final TargetContext target = TargetContext.of("gpt-4o-2024-08-06", "sk-secret");

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void passThroughKeepsUnknownFieldsAndRewritesOnlyTheModel() {
        ObjectNode body = Fixtures.json("{\"model\":\"smart\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],"
                + "\"logit_bias\":{\"50256\":-100},\"n\":2,\"store\":true,\"future_field\":{\"x\":[1,2]}}");
        ChatRequest request = OpenAiChatParser.parse(body);

        UpstreamRequest upstream = adapter.encodeChat(request, target);

        ObjectNode expected = body.deepCopy();
        expected.put("model", "gpt-4o-2024-08-06");
        assertThat(Fixtures.json(upstream.body())).isEqualTo(expected);
        assertThat(body.get("model").asText()).as("the client's body is not modified").isEqualTo("smart");
        assertThat(upstream.method()).isEqualTo("POST");
        assertThat(upstream.path()).isEqualTo("/v1/chat/completions");
        assertThat(upstream.stream()).isFalse();
        assertThat(upstream.headers()).containsExactly(Map.entry("content-type", "application/json"),
                Map.entry("Authorization", "Bearer sk-secret"));
    }

    @Test
    void passThroughStreamForcesUsageUpstreamWithoutTouchingTheClientBody() {
        ObjectNode body = Fixtures.json("{\"model\":\"smart\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],"
                + "\"stream\":true,\"stream_options\":{\"include_usage\":false,\"include_obfuscation\":false}}");
        ChatRequest request = OpenAiChatParser.parse(body);

        UpstreamRequest upstream = adapter.encodeChat(request, target);

        JsonNode sent = Fixtures.json(upstream.body());
        assertThat(sent.get("stream").asBoolean()).isTrue();
        assertThat(sent.get("stream_options")).isEqualTo(
                Fixtures.json("{\"include_usage\":true,\"include_obfuscation\":false}"));
        assertThat(upstream.stream()).isTrue();
        assertThat(request.includeUsage()).isFalse();
        assertThat(body.get("stream_options").get("include_usage").asBoolean()).isFalse();
    }

    @Test
    void passThroughFollowsTheCanonicalStreamFlag() {
        ObjectNode body = Fixtures.json("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],"
                + "\"stream\":true,\"stream_options\":{\"include_usage\":true}}");
        ChatRequest request = OpenAiChatParser.parse(body).withStream(false, false);

        JsonNode sent = Fixtures.json(adapter.encodeChat(request, target).body());

        assertThat(sent.has("stream")).isFalse();
        assertThat(sent.has("stream_options")).isFalse();
    }

    @Test
    void customAuthHeaderPrefixAndStaticHeaders() {
        TargetContext custom = new TargetContext("llama", "k1", "api-key", "", Map.of("OpenAI-Organization", "org-1"));
        ChatRequest request = ChatRequest.of("m", List.of(Message.text(Role.USER, "hi")));

        assertThat(adapter.encodeChat(request, custom).headers()).containsExactly(
                Map.entry("content-type", "application/json"), Map.entry("api-key", "k1"),
                Map.entry("OpenAI-Organization", "org-1"));
        assertThat(adapter.encodeChat(request, TargetContext.of("llama", null)).headers())
                .containsExactly(Map.entry("content-type", "application/json"));
    }

    @Test
    void decodesATextResponse() {
        ChatResponse r = adapter.decodeChat(Fixtures.bytes("openai/chat_response_text.json"));

        assertThat(r.id()).isEqualTo("chatcmpl-B9MBs8CjcvOU2jLn4n570S5qMJKcT");
        assertThat(r.model()).isEqualTo("gpt-4.1-2025-04-14");
        assertThat(r.created()).isEqualTo(1741569952L);
        assertThat(r.choices()).singleElement().satisfies(c -> {
            assertThat(c.message().text()).isEqualTo("Hello! How can I assist you today?");
            assertThat(c.message().toolCalls()).isEmpty();
            assertThat(c.finishReason()).isEqualTo(FinishReason.STOP);
        });
        assertThat(r.usage()).isEqualTo(new Usage(19, 10, 0, 0, 0));
    }

    @Test
    void decodesToolCallsAndUsageDetails() {
        ChatResponse r = adapter.decodeChat(Fixtures.bytes("openai/chat_response_tool_calls.json"));

        ChatResponse.Choice c = r.choices().get(0);
        assertThat(c.message().content()).isEmpty();
        assertThat(c.message().toolCalls()).containsExactly(
                new ToolCall("call_abc123", "get_current_weather", "{\n\"location\": \"Boston, MA\"\n}"),
                new ToolCall("call_def456", "get_current_time", "{\"tz\":\"America/New_York\"}"));
        assertThat(c.finishReason()).isEqualTo(FinishReason.TOOL_CALLS);
        assertThat(r.usage()).isEqualTo(new Usage(2082, 417, 1920, 0, 256));
    }

    @Test
    void undecodableResponseIsAProtocolError() {
        assertThatThrownBy(() -> adapter.decodeChat(utf8("<html>bad gateway</html>")))
                .isInstanceOfSatisfying(ProviderException.class,
                        e -> assertThat(e.error()).isInstanceOf(ProviderError.ProtocolError.class));
        assertThatThrownBy(() -> adapter.decodeChat(utf8("{\"id\":\"x\"}")))
                .isInstanceOf(ProviderException.class);
    }

    @Test
    void decodesARecordedToolCallStreamAtEverySplitPoint() {
        List<StreamEvent> events = Fixtures.decodeAtEverySplit(() -> adapter.streamDecoder(null, target),
                Fixtures.bytes("openai/stream_tool_calls.txt"));

        assertThat(events).containsExactly(
                new StreamEvent.Start("chatcmpl-123", "gpt-4o-mini"),
                new StreamEvent.TextDelta(0, "Let me check — ☀️"),
                new StreamEvent.ToolCallStart(0, 0, "call_DdmO9pD3xa9XTPNJ32zg2hcA", "get_weather"),
                new StreamEvent.ToolCallDelta(0, 0, "{\"location\":"),
                new StreamEvent.ToolCallDelta(0, 0, "\"Paris, France\"}"),
                new StreamEvent.ToolCallStart(0, 1, "call_ABC", "get_time"),
                new StreamEvent.ToolCallDelta(0, 1, "{}"),
                new StreamEvent.Finish(0, FinishReason.TOOL_CALLS),
                new StreamEvent.UsageReport(new Usage(81, 34, 64, 0, 12)));
    }

    @Test
    void streamCutBeforeDoneEndsInAFailure() {
        byte[] stream = Fixtures.bytes("openai/stream_tool_calls.txt");
        byte[] cut = Fixtures.cutBefore(stream, "data: [DONE]");

        List<StreamEvent> events = Fixtures.decode(adapter.streamDecoder(null, target), cut);

        assertThat(events.get(events.size() - 2)).isEqualTo(new StreamEvent.UsageReport(new Usage(81, 34, 64, 0, 12)));
        assertThat(events.get(events.size() - 1)).isEqualTo(
                new StreamEvent.Failure(new ProviderError.ProtocolError("stream ended before [DONE]")));
    }

    @Test
    void errorInsideTheStreamIsAFailureAndEndsDecoding() {
        byte[] stream = utf8("data: {\"id\":\"c\",\"model\":\"m\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"a\"}}]}\n\n"
                + "data: {\"error\":{\"message\":\"The server had an error\",\"type\":\"server_error\"}}\n\n"
                + "data: {\"id\":\"c\",\"model\":\"m\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"b\"}}]}\n\n");

        List<StreamEvent> events = Fixtures.decode(adapter.streamDecoder(null, target), stream);

        assertThat(events).containsExactly(new StreamEvent.Start("c", "m"), new StreamEvent.TextDelta(0, "a"),
                new StreamEvent.Failure(new ProviderError.ServerError("The server had an error", 500)));
    }

    @Test
    void garbageChunkIsAProtocolFailure() {
        List<StreamEvent> events = Fixtures.decode(adapter.streamDecoder(null, target), utf8("data: {not json\n\n"));
        assertThat(events).containsExactly(new StreamEvent.Failure(
                new ProviderError.ProtocolError("undecodable chunk in OpenAI stream")));
    }

    private static byte[] error(String message, String type, String param, String code) {
        ObjectNode e = Fixtures.MAPPER.createObjectNode();
        e.putObject("error").put("message", message).put("type", type).put("param", param).put("code", code);
        return e.toString().getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void classifiesErrors() {
        assertThat(adapter.classifyError(400, null, error("Invalid value for 'temperature'", "invalid_request_error",
                "temperature", "invalid_value"))).isEqualTo(new ProviderError.BadRequest(
                "Invalid value for 'temperature'", 400, "temperature", "invalid_value"));
        assertThat(adapter.classifyError(400, null, error("This model's maximum context length is 128000 tokens.",
                "invalid_request_error", "messages", "context_length_exceeded")))
                .isEqualTo(new ProviderError.ContextTooLong("This model's maximum context length is 128000 tokens.", 400));
        assertThat(adapter.classifyError(400, null, error("This model's maximum context length is 8192 tokens",
                "invalid_request_error", null, null))).isInstanceOf(ProviderError.ContextTooLong.class);
        ProviderError auth = adapter.classifyError(401, null, error(
                "Incorrect API key provided: sk-secre*****cret.", "invalid_request_error", null, "invalid_api_key"));
        assertThat(auth).isEqualTo(new ProviderError.AuthFailure(
                "the provider rejected the gateway's credential (HTTP 401, invalid_api_key)", 401));
        assertThat(auth.message()).doesNotContain("sk-");
        assertThat(adapter.classifyError(403, null, error("Country not supported", "request_forbidden", null,
                "unsupported_country_region_territory"))).isInstanceOf(ProviderError.AuthFailure.class);
        assertThat(adapter.classifyError(404, null, error("The model `gpt-9` does not exist", "invalid_request_error",
                null, "model_not_found"))).isEqualTo(new ProviderError.BadRequest("The model `gpt-9` does not exist",
                404, null, "model_not_found"));
        assertThat(adapter.classifyError(429, "20", error("Rate limit reached", "requests", null,
                "rate_limit_exceeded"))).isEqualTo(new ProviderError.RateLimited("Rate limit reached", 429,
                Duration.ofSeconds(20)));
        assertThat(adapter.classifyError(429, "Sun, 01 Jun 2025 12:00:30 GMT", null))
                .isEqualTo(new ProviderError.RateLimited("upstream returned HTTP 429", 429, Duration.ofSeconds(30)));
        assertThat(adapter.classifyError(429, null, null))
                .isEqualTo(new ProviderError.RateLimited("upstream returned HTTP 429", 429, null));
        assertThat(adapter.classifyError(500, null, error("The server had an error", "server_error", null, null)))
                .isEqualTo(new ProviderError.ServerError("The server had an error", 500));
        assertThat(adapter.classifyError(503, null, utf8("<html>Service Unavailable</html>")))
                .isEqualTo(new ProviderError.ServerError("upstream returned HTTP 503", 503));
    }

    @Test
    void embeddingsPassThroughAndBuild() {
        ObjectNode body = Fixtures.json("{\"model\":\"embed\",\"input\":[\"a\"],\"encoding_format\":\"base64\",\"x\":1}");
        EmbeddingRequest parsed = OpenAiEmbeddingParser.parse(body);
        TargetContext t = TargetContext.of("text-embedding-3-small", "k");

        UpstreamRequest passThrough = adapter.encodeEmbeddings(parsed, t);
        assertThat(passThrough.path()).isEqualTo("/v1/embeddings");
        assertThat(Fixtures.json(passThrough.body())).isEqualTo(Fixtures.json(
                "{\"model\":\"text-embedding-3-small\",\"input\":[\"a\"],\"encoding_format\":\"base64\",\"x\":1}"));

        EmbeddingRequest canonical = new EmbeddingRequest("embed", List.of("a", "b"), "float", 256, "u", null);
        assertThat(Fixtures.json(adapter.encodeEmbeddings(canonical, t).body())).isEqualTo(Fixtures.json(
                "{\"model\":\"text-embedding-3-small\",\"input\":[\"a\",\"b\"],\"encoding_format\":\"float\","
                        + "\"dimensions\":256,\"user\":\"u\"}"));
        assertThat(adapter.supportsEmbeddings()).isTrue();
    }

    @Test
    void decodesEmbeddingsKeepingEachVectorAsSentInIndexOrder() {
        EmbeddingResponse r = adapter.decodeEmbeddings(Fixtures.bytes("openai/embeddings_response.json"));

        assertThat(r.model()).isEqualTo("text-embedding-3-small");
        assertThat(r.embeddings()).hasSize(2);
        assertThat(r.embeddings().get(0).isArray()).isTrue();
        assertThat(r.embeddings().get(0).get(0).asText()).isEqualTo("0.0023064255");
        assertThat(r.embeddings().get(1).textValue()).isEqualTo("AAAAAAAA8D8=");
        assertThat(r.usage()).isEqualTo(Usage.of(8, 0));
    }
}
