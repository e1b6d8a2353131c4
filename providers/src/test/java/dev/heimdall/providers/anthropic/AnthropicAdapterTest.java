package dev.heimdall.providers.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.heimdall.providers.Fixtures;
import dev.heimdall.providers.canonical.ChatRequest;
import dev.heimdall.providers.canonical.ChatResponse;
import dev.heimdall.providers.canonical.ContentPart;
import dev.heimdall.providers.canonical.FinishReason;
import dev.heimdall.providers.canonical.Message;
import dev.heimdall.providers.canonical.Role;
import dev.heimdall.providers.canonical.StreamEvent;
import dev.heimdall.providers.canonical.ToolCall;
import dev.heimdall.providers.canonical.ToolChoice;
import dev.heimdall.providers.canonical.ToolDefinition;
import dev.heimdall.providers.canonical.Usage;
import dev.heimdall.providers.openai.OpenAiChatParser;
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

class AnthropicAdapterTest {

    private static final Instant NOW = Instant.parse("2025-06-01T12:00:00Z");
    private final AnthropicAdapter adapter = new AnthropicAdapter(4096, Clock.fixed(NOW, ZoneOffset.UTC));
    private final TargetContext target = TargetContext.of("claude-sonnet-4-5", "sk-ant-secret");

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private JsonNode encode(ChatRequest request) {
        return Fixtures.json(adapter.encodeChat(request, target).body());
    }

    private static ChatRequest openAi(String json) {
        return OpenAiChatParser.parse(Fixtures.json(json));
    }

    @Test
    void encodesSystemMaxTokensDefaultAndHeaders() {
        ChatRequest request = ChatRequest.of("m", List.of(Message.text(Role.SYSTEM, "Be brief."),
                Message.text(Role.USER, "Hello")));

        UpstreamRequest upstream = adapter.encodeChat(request, target);

        assertThat(Fixtures.json(upstream.body())).isEqualTo(Fixtures.json("{\"model\":\"claude-sonnet-4-5\","
                + "\"max_tokens\":4096,\"system\":\"Be brief.\",\"messages\":[{\"role\":\"user\",\"content\":\"Hello\"}]}"));
        assertThat(upstream.path()).isEqualTo("/v1/messages");
        assertThat(upstream.headers()).containsExactly(Map.entry("content-type", "application/json"),
                Map.entry("x-api-key", "sk-ant-secret"), Map.entry("anthropic-version", "2023-06-01"));
        assertThat(new AnthropicAdapter(1024, Clock.systemUTC()).encodeChat(request, target).body())
                .asString(StandardCharsets.UTF_8).contains("\"max_tokens\":1024");
    }

    @Test
    void configuredVersionHeaderAndCustomAuthWin() {
        TargetContext custom = new TargetContext("m", "tok", "Authorization", "Bearer ",
                Map.of("Anthropic-Version", "2024-01-01"));
        assertThat(adapter.encodeChat(ChatRequest.of("m", List.of(Message.text(Role.USER, "x"))), custom).headers())
                .containsExactly(Map.entry("content-type", "application/json"),
                        Map.entry("Authorization", "Bearer tok"), Map.entry("Anthropic-Version", "2024-01-01"));
    }

    @Test
    void severalSystemMessagesBecomeTextBlocksAndSameRoleTurnsMerge() {
        ChatRequest request = openAi("{\"model\":\"m\",\"max_tokens\":100,\"messages\":["
                + "{\"role\":\"system\",\"content\":\"A\"},{\"role\":\"developer\",\"content\":\"B\"},"
                + "{\"role\":\"user\",\"content\":\"one\"},{\"role\":\"user\",\"content\":\"two\"},"
                + "{\"role\":\"assistant\",\"content\":\"three\"},{\"role\":\"assistant\",\"content\":\"four\"}]}");

        assertThat(encode(request)).isEqualTo(Fixtures.json("{\"model\":\"claude-sonnet-4-5\",\"max_tokens\":100,"
                + "\"system\":[{\"type\":\"text\",\"text\":\"A\"},{\"type\":\"text\",\"text\":\"B\"}],\"messages\":["
                + "{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"one\"},{\"type\":\"text\",\"text\":\"two\"}]},"
                + "{\"role\":\"assistant\",\"content\":[{\"type\":\"text\",\"text\":\"three\"},"
                + "{\"type\":\"text\",\"text\":\"four\"}]}]}"));
    }

    @Test
    void encodesImagesToolsToolCallsAndToolResults() {
        ChatRequest request = OpenAiChatParser.parse(Fixtures.object("openai/full_request.json"));

        JsonNode body = encode(request);

        assertThat(body).isEqualTo(Fixtures.json("""
                {"model":"claude-sonnet-4-5","max_tokens":300,"system":"You are a weather bot.",
                 "messages":[
                  {"role":"user","content":[
                    {"type":"text","text":"What is in this image, and the weather in Paris?"},
                    {"type":"image","source":{"type":"url","url":"https://example.com/cat.png"}},
                    {"type":"image","source":{"type":"base64","media_type":"image/png","data":"iVBORw0KGgo="}}]},
                  {"role":"assistant","content":[
                    {"type":"tool_use","id":"call_1","name":"get_weather","input":{"city":"Paris"}}]},
                  {"role":"user","content":[
                    {"type":"tool_result","tool_use_id":"call_1","content":"18C and sunny"}]}],
                 "stop_sequences":["END"],"temperature":0.2,"top_p":0.9,
                 "tools":[{"name":"get_weather","description":"Current weather","input_schema":
                   {"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}}],
                 "tool_choice":{"type":"tool","name":"get_weather","disable_parallel_tool_use":true},
                 "metadata":{"user_id":"user-1"},"stream":true}"""));
    }

    @Test
    void toolResultsOfParallelCallsShareOneUserTurnBeforeTheNextUserText() {
        ChatRequest request = ChatRequest.of("m", List.of(
                Message.text(Role.USER, "weather?"),
                new Message(Role.ASSISTANT, List.of(), null, List.of(new ToolCall("a", "f", "{}"),
                        new ToolCall("b", "f", "not json")), null),
                new Message(Role.TOOL, List.of(new ContentPart.Text("r1")), null, List.of(), "a"),
                new Message(Role.TOOL, List.of(new ContentPart.Text("r2")), null, List.of(), "b"),
                Message.text(Role.USER, "thanks")));

        JsonNode messages = encode(request).get("messages");

        assertThat(messages).hasSize(3);
        assertThat(messages.get(1).get("content").get(1)).isEqualTo(Fixtures.json(
                "{\"type\":\"tool_use\",\"id\":\"b\",\"name\":\"f\",\"input\":{}}"));
        assertThat(messages.get(2)).isEqualTo(Fixtures.json("{\"role\":\"user\",\"content\":["
                + "{\"type\":\"tool_result\",\"tool_use_id\":\"a\",\"content\":\"r1\"},"
                + "{\"type\":\"tool_result\",\"tool_use_id\":\"b\",\"content\":\"r2\"},"
                + "{\"type\":\"text\",\"text\":\"thanks\"}]}"));
    }

    @Test
    void toolChoiceVariantsAndDefaultSchema() {
        List<ToolDefinition> tools = List.of(new ToolDefinition("f", null, null));
        Map<ToolChoice, String> expected = Map.of(
                ToolChoice.AUTO, "{\"type\":\"auto\"}",
                ToolChoice.REQUIRED, "{\"type\":\"any\"}",
                ToolChoice.NONE, "{\"type\":\"none\"}",
                ToolChoice.tool("f"), "{\"type\":\"tool\",\"name\":\"f\"}");
        for (Map.Entry<ToolChoice, String> e : expected.entrySet()) {
            JsonNode body = encode(withTools(tools, e.getKey(), null));
            assertThat(body.get("tool_choice")).as("%s", e.getKey()).isEqualTo(Fixtures.json(e.getValue()));
            assertThat(body.get("tools")).isEqualTo(Fixtures.tree(
                    "[{\"name\":\"f\",\"input_schema\":{\"type\":\"object\",\"properties\":{}}}]"));
        }
        assertThat(encode(withTools(tools, null, null)).has("tool_choice")).isFalse();
        assertThat(encode(withTools(tools, null, false)).get("tool_choice"))
                .isEqualTo(Fixtures.json("{\"type\":\"auto\",\"disable_parallel_tool_use\":true}"));
        assertThat(encode(withTools(tools, ToolChoice.REQUIRED, true)).get("tool_choice"))
                .isEqualTo(Fixtures.json("{\"type\":\"any\"}"));
    }

    private static ChatRequest withTools(List<ToolDefinition> tools, ToolChoice choice, Boolean parallel) {
        return new ChatRequest("m", List.of(Message.text(Role.USER, "x")), tools, choice, null, null, null, List.of(),
                false, false, null, null, null, null, parallel, null, null, Map.of(), null);
    }

    @Test
    void temperatureIsClampedToAnthropicsRange() {
        ChatRequest hot = openAi("{\"model\":\"m\",\"temperature\":1.7,\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}");
        assertThat(encode(hot).get("temperature").asDouble()).isEqualTo(1.0);
    }

    @Test
    void decodesText() {
        ChatResponse r = adapter.decodeChat(Fixtures.bytes("anthropic/response_text.json"));

        assertThat(r.id()).isEqualTo("msg_013Zva2CMHLNnXjNJJKqJ2EF");
        assertThat(r.model()).isEqualTo("claude-sonnet-4-5-20250929");
        assertThat(r.created()).isEqualTo(NOW.getEpochSecond());
        assertThat(r.choices()).singleElement().satisfies(c -> {
            assertThat(c.message().text()).isEqualTo("Hi! My name is Claude.");
            assertThat(c.finishReason()).isEqualTo(FinishReason.STOP);
        });
        assertThat(r.usage()).isEqualTo(new Usage(2095 + 1800 + 248, 503, 1800, 248, 0));
    }

    @Test
    void decodesToolUse() {
        ChatResponse r = adapter.decodeChat(Fixtures.bytes("anthropic/response_tool_use.json"));

        Message m = r.choices().get(0).message();
        assertThat(m.text()).isEqualTo("I'll check the current weather in San Francisco for you.");
        assertThat(m.toolCalls()).containsExactly(new ToolCall("toolu_01A09q90qw90lq917835lq9", "get_weather",
                "{\"location\":\"San Francisco, CA\",\"unit\":\"celsius\"}"));
        assertThat(r.choices().get(0).finishReason()).isEqualTo(FinishReason.TOOL_CALLS);
        assertThat(r.usage()).isEqualTo(Usage.of(472, 91));
    }

    @Test
    void mapsStopReasons() {
        assertThat(AnthropicAdapter.finishReason("end_turn")).isEqualTo(FinishReason.STOP);
        assertThat(AnthropicAdapter.finishReason("stop_sequence")).isEqualTo(FinishReason.STOP);
        assertThat(AnthropicAdapter.finishReason("max_tokens")).isEqualTo(FinishReason.LENGTH);
        assertThat(AnthropicAdapter.finishReason("tool_use")).isEqualTo(FinishReason.TOOL_CALLS);
        assertThat(AnthropicAdapter.finishReason("refusal")).isEqualTo(FinishReason.CONTENT_FILTER);
    }

    @Test
    void decodesARecordedStreamAtEverySplitPoint() {
        List<StreamEvent> events = Fixtures.decodeAtEverySplit(() -> adapter.streamDecoder(null, target),
                Fixtures.bytes("anthropic/stream_tool_use.txt"));

        assertThat(events).containsExactly(
                new StreamEvent.Start("msg_014p7gG3wDgGV9EUtLvnow3U", "claude-sonnet-4-5-20250929"),
                new StreamEvent.TextDelta(0, "Okay, let's check the weather — ☀️ "),
                new StreamEvent.TextDelta(0, "for San Francisco, CA:"),
                new StreamEvent.ToolCallStart(0, 0, "toolu_01T1x1fJ34qAmk2tNTrN7Up6", "get_weather"),
                new StreamEvent.ToolCallDelta(0, 0, "{\"location\":"),
                new StreamEvent.ToolCallDelta(0, 0, " \"San Francisco, CA\"}"),
                new StreamEvent.Finish(0, FinishReason.TOOL_CALLS),
                new StreamEvent.UsageReport(new Usage(472 + 100 + 10, 89, 100, 10, 0)));
    }

    @Test
    void streamWithCrLfLineEndsDecodesTheSame() {
        byte[] lf = Fixtures.bytes("anthropic/stream_tool_use.txt");
        byte[] crlf = new String(lf, StandardCharsets.UTF_8).replace("\n", "\r\n").getBytes(StandardCharsets.UTF_8);
        assertThat(Fixtures.decode(adapter.streamDecoder(null, target), crlf))
                .isEqualTo(Fixtures.decode(adapter.streamDecoder(null, target), lf));
    }

    @Test
    void truncatedStreamEndsInAFailure() {
        byte[] stream = Fixtures.bytes("anthropic/stream_tool_use.txt");
        byte[] cut = Fixtures.cutBefore(stream, "event: message_stop");

        List<StreamEvent> events = Fixtures.decode(adapter.streamDecoder(null, target), cut);

        assertThat(events.get(events.size() - 2)).isEqualTo(new StreamEvent.Finish(0, FinishReason.TOOL_CALLS));
        assertThat(events.get(events.size() - 1)).isEqualTo(new StreamEvent.Failure(
                new ProviderError.ProtocolError("stream ended before message_stop")));
    }

    @Test
    void errorEventsAreClassified() {
        String start = "event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"id\":\"msg_1\","
                + "\"model\":\"claude\",\"usage\":{\"input_tokens\":5,\"output_tokens\":1}}}\n\n";
        assertThat(Fixtures.decode(adapter.streamDecoder(null, target), utf8(start
                + "event: error\ndata: {\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}\n\n")))
                .containsExactly(new StreamEvent.Start("msg_1", "claude"),
                        new StreamEvent.Failure(new ProviderError.ServerError("Overloaded", 529)));
        assertThat(Fixtures.decode(adapter.streamDecoder(null, target), utf8(
                "event: error\ndata: {\"type\":\"error\",\"error\":{\"type\":\"rate_limit_error\",\"message\":\"slow\"}}\n\n")))
                .containsExactly(new StreamEvent.Failure(new ProviderError.RateLimited("slow", 429, null)));
        assertThat(Fixtures.decode(adapter.streamDecoder(null, target), utf8(
                "event: error\ndata: {\"type\":\"error\",\"error\":{\"type\":\"api_error\",\"message\":\"boom\"}}\n\n")))
                .containsExactly(new StreamEvent.Failure(new ProviderError.ServerError("boom", 500)));
    }

    private static byte[] error(String type, String message) {
        ObjectNode root = Fixtures.MAPPER.createObjectNode().put("type", "error");
        root.putObject("error").put("type", type).put("message", message);
        return root.toString().getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void classifiesErrors() {
        assertThat(adapter.classifyError(429, "7", error("rate_limit_error", "Number of requests has exceeded")))
                .isEqualTo(new ProviderError.RateLimited("Number of requests has exceeded", 429, Duration.ofSeconds(7)));
        ProviderError overloaded = adapter.classifyError(529, null, error("overloaded_error", "Overloaded"));
        assertThat(overloaded).isEqualTo(new ProviderError.ServerError("Overloaded", 529));
        assertThat(overloaded.retryable()).isTrue();
        ProviderError auth = adapter.classifyError(401, null, error("authentication_error", "invalid x-api-key"));
        assertThat(auth).isEqualTo(new ProviderError.AuthFailure(
                "the provider rejected the gateway's credential (HTTP 401, authentication_error)", 401));
        assertThat(adapter.classifyError(403, null, error("permission_error", "no")))
                .isInstanceOf(ProviderError.AuthFailure.class);
        assertThat(adapter.classifyError(400, null, error("invalid_request_error",
                "prompt is too long: 208310 tokens > 200000 maximum")))
                .isEqualTo(new ProviderError.ContextTooLong("prompt is too long: 208310 tokens > 200000 maximum", 400));
        assertThat(adapter.classifyError(400, null, error("invalid_request_error", "max_tokens: Field required")))
                .isEqualTo(new ProviderError.BadRequest("max_tokens: Field required", 400, null, "invalid_request_error"));
        assertThat(adapter.classifyError(404, null, error("not_found_error", "model: claude-9")))
                .isInstanceOf(ProviderError.BadRequest.class);
        assertThat(adapter.classifyError(500, null, error("api_error", "Internal server error")))
                .isEqualTo(new ProviderError.ServerError("Internal server error", 500));
        assertThat(adapter.classifyError(502, null, utf8("<html/>")))
                .isEqualTo(new ProviderError.ServerError("upstream returned HTTP 502", 502));
    }

    @Test
    void hasNoEmbeddings() {
        assertThat(adapter.supportsEmbeddings()).isFalse();
        assertThat(adapter.type()).isEqualTo("anthropic");
    }
}
