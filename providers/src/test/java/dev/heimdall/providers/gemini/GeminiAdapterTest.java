package dev.heimdall.providers.gemini;

import com.fasterxml.jackson.databind.JsonNode;
import dev.heimdall.providers.Fixtures;
import dev.heimdall.providers.canonical.ChatRequest;
import dev.heimdall.providers.canonical.ChatResponse;
import dev.heimdall.providers.canonical.ContentPart;
import dev.heimdall.providers.canonical.EmbeddingRequest;
import dev.heimdall.providers.canonical.EmbeddingResponse;
import dev.heimdall.providers.canonical.EmbeddingVectors;
import dev.heimdall.providers.canonical.FinishReason;
import dev.heimdall.providers.canonical.Message;
import dev.heimdall.providers.canonical.Role;
import dev.heimdall.providers.canonical.StreamEvent;
import dev.heimdall.providers.canonical.ToolCall;
import dev.heimdall.providers.canonical.Usage;
import dev.heimdall.providers.openai.OpenAiChatParser;
import dev.heimdall.providers.spi.ProviderError;
import dev.heimdall.providers.spi.TargetContext;
import dev.heimdall.providers.spi.UpstreamRequest;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class GeminiAdapterTest {

    private static final Instant NOW = Instant.parse("2025-06-01T12:00:00Z");
    private final GeminiAdapter adapter = new GeminiAdapter(Clock.fixed(NOW, ZoneOffset.UTC));
    private final TargetContext target = TargetContext.of("gemini-2.5-flash", "AIza-secret");

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static ChatRequest openAi(String json) {
        return OpenAiChatParser.parse(Fixtures.json(json));
    }

    private JsonNode encode(ChatRequest request) {
        return Fixtures.json(adapter.encodeChat(request, target).body());
    }

    @Test
    void encodesSystemInstructionGenerationConfigPathAndKeyHeader() {
        ChatRequest request = openAi("""
                {"model":"x","messages":[{"role":"system","content":"Be brief."},{"role":"user","content":"Hello"}],
                 "temperature":0.5,"top_p":0.9,"max_tokens":100,"stop":["END"],
                 "response_format":{"type":"json_object"}}""");

        UpstreamRequest upstream = adapter.encodeChat(request, target);

        assertThat(Fixtures.json(upstream.body())).isEqualTo(Fixtures.json("""
                {"contents":[{"role":"user","parts":[{"text":"Hello"}]}],
                 "systemInstruction":{"parts":[{"text":"Be brief."}]},
                 "generationConfig":{"temperature":0.5,"topP":0.9,"maxOutputTokens":100,"stopSequences":["END"],
                   "responseMimeType":"application/json","candidateCount":1}}"""));
        assertThat(upstream.method()).isEqualTo("POST");
        assertThat(upstream.path()).isEqualTo("/v1beta/models/gemini-2.5-flash:generateContent");
        assertThat(upstream.stream()).isFalse();
        assertThat(upstream.headers()).containsExactly(Map.entry("content-type", "application/json"),
                Map.entry("x-goog-api-key", "AIza-secret"));
        assertThat(adapter.defaultBaseUrl(Map.of())).isEqualTo("https://generativelanguage.googleapis.com");
    }

    @Test
    void streamingUsesSseEndpoint() {
        UpstreamRequest upstream = adapter.encodeChat(openAi(
                "{\"model\":\"x\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}"), target);
        assertThat(upstream.path()).isEqualTo("/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse");
        assertThat(upstream.stream()).isTrue();
        assertThat(Fixtures.json(upstream.body()).has("generationConfig")).isFalse();
    }

    @Test
    void encodesImagesToolsToolCallsAndToolResultsByName() {
        ChatRequest request = openAi("""
                {"model":"x","messages":[
                  {"role":"user","content":[{"type":"text","text":"Weather here?"},
                    {"type":"image_url","image_url":{"url":"data:image/png;base64,iVBORw0KGgo="}},
                    {"type":"image_url","image_url":{"url":"https://example.com/cat.webp?size=2"}}]},
                  {"role":"assistant","content":null,"tool_calls":[
                    {"id":"call_0","type":"function","function":{"name":"get_weather","arguments":"{\\"city\\":\\"Paris\\"}"}},
                    {"id":"call_1","type":"function","function":{"name":"get_time","arguments":"{}"}}]},
                  {"role":"tool","tool_call_id":"call_0","content":"{\\"temp\\":21}"},
                  {"role":"tool","tool_call_id":"call_1","content":"noon"}],
                 "tools":[{"type":"function","function":{"name":"get_weather","description":"Weather",
                   "parameters":{"type":"object","properties":{"city":{"type":"string"}}}}},
                   {"type":"function","function":{"name":"get_time","parameters":{"type":"object","properties":{}}}}],
                 "tool_choice":{"type":"function","function":{"name":"get_weather"}}}""");

        assertThat(encode(request)).isEqualTo(Fixtures.json("""
                {"contents":[
                  {"role":"user","parts":[{"text":"Weather here?"},
                    {"inlineData":{"mimeType":"image/png","data":"iVBORw0KGgo="}},
                    {"fileData":{"mimeType":"image/webp","fileUri":"https://example.com/cat.webp?size=2"}}]},
                  {"role":"model","parts":[{"functionCall":{"name":"get_weather","args":{"city":"Paris"}}},
                    {"functionCall":{"name":"get_time","args":{}}}]},
                  {"role":"user","parts":[{"functionResponse":{"name":"get_weather","response":{"temp":21}}},
                    {"functionResponse":{"name":"get_time","response":{"content":"noon"}}}]}],
                 "tools":[{"functionDeclarations":[{"name":"get_weather","description":"Weather",
                   "parameters":{"type":"object","properties":{"city":{"type":"string"}}}},{"name":"get_time"}]}],
                 "toolConfig":{"functionCallingConfig":{"mode":"ANY","allowedFunctionNames":["get_weather"]}}}"""));
    }

    @Test
    void toolChoiceModes() {
        String base = "{\"model\":\"x\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}],\"tools\":[{\"type\":"
                + "\"function\",\"function\":{\"name\":\"f\"}}],\"tool_choice\":";
        assertThat(encode(openAi(base + "\"auto\"}")).at("/toolConfig/functionCallingConfig/mode").asText())
                .isEqualTo("AUTO");
        assertThat(encode(openAi(base + "\"required\"}")).at("/toolConfig/functionCallingConfig/mode").asText())
                .isEqualTo("ANY");
        assertThat(encode(openAi(base + "\"none\"}")).at("/toolConfig/functionCallingConfig/mode").asText())
                .isEqualTo("NONE");
    }

    @Test
    void strictModeSchemaKeywordsGeminiRejectsAreDropped() {
        JsonNode sent = encode(openAi("""
                {"model":"x","messages":[{"role":"user","content":"Hi"}],
                 "tools":[{"type":"function","function":{"name":"f","strict":true,"parameters":{
                   "$schema":"http://json-schema.org/draft-07/schema#","type":"object","additionalProperties":false,
                   "properties":{"where":{"type":"object","additionalProperties":false,
                     "properties":{"city":{"type":"string"}}},"strict":{"type":"boolean"}},"required":["where"]}}}]}"""));
        assertThat(sent.at("/tools/0/functionDeclarations/0/parameters")).isEqualTo(Fixtures.json("""
                {"type":"object","properties":{"where":{"type":"object","properties":{"city":{"type":"string"}}},
                   "strict":{"type":"boolean"}},"required":["where"]}"""));
    }

    @Test
    void laterCallWithARepeatedIdNamesItsResult() {
        ChatRequest request = ChatRequest.of("x", List.of(
                Message.text(Role.USER, "a"),
                new Message(Role.ASSISTANT, List.of(), null, List.of(new ToolCall("call_0", "first", "{}")), null),
                new Message(Role.TOOL, List.of(new ContentPart.Text("1")), null, List.of(), "call_0"),
                new Message(Role.ASSISTANT, List.of(), null, List.of(new ToolCall("call_0", "second", "{}")), null),
                new Message(Role.TOOL, List.of(new ContentPart.Text("2")), null, List.of(), "call_0")));
        JsonNode contents = encode(request).get("contents");
        assertThat(contents.at("/2/parts/0/functionResponse/name").asText()).isEqualTo("first");
        assertThat(contents.at("/4/parts/0/functionResponse/name").asText()).isEqualTo("second");
    }

    @Test
    void decodesTextWithCachedAndThinkingTokens() {
        ChatResponse response = adapter.decodeChat(Fixtures.bytes("gemini/response_text.json"));

        assertThat(response.id()).isEqualTo("mAitaLmkHPPlz7IPvtfUqQ4");
        assertThat(response.model()).isEqualTo("gemini-2.5-flash");
        assertThat(response.created()).isEqualTo(NOW.getEpochSecond());
        ChatResponse.Choice choice = response.choices().get(0);
        assertThat(choice.message().text()).isEqualTo("Okay, here's a story — ☀️ about a magic backpack.");
        assertThat(choice.finishReason()).isEqualTo(FinishReason.STOP);
        assertThat(response.usage()).isEqualTo(new Usage(8, 412, 4, 0, 400));
    }

    @Test
    void decodesFunctionCallsWithGeneratedIds() {
        ChatResponse response = adapter.decodeChat(Fixtures.bytes("gemini/response_function_call.json"));

        ChatResponse.Choice choice = response.choices().get(0);
        assertThat(choice.finishReason()).isEqualTo(FinishReason.TOOL_CALLS);
        assertThat(choice.message().content()).isEmpty();
        assertThat(choice.message().toolCalls()).containsExactly(
                new ToolCall("call_0", "get_weather", "{\"location\":\"Boston, MA\"}"),
                new ToolCall("call_1", "get_time", "{\"timezone\":\"America/New_York\"}"));
        assertThat(response.usage()).isEqualTo(Usage.of(70, 20));
    }

    @Test
    void mapsFinishReasons() {
        assertThat(GeminiCodec.finishReason("MAX_TOKENS", false)).isEqualTo(FinishReason.LENGTH);
        for (String filtered : List.of("SAFETY", "RECITATION", "BLOCKLIST", "PROHIBITED_CONTENT")) {
            assertThat(GeminiCodec.finishReason(filtered, false)).isEqualTo(FinishReason.CONTENT_FILTER);
        }
        assertThat(GeminiCodec.finishReason("STOP", false)).isEqualTo(FinishReason.STOP);
        assertThat(GeminiCodec.finishReason("STOP", true)).isEqualTo(FinishReason.TOOL_CALLS);
        ChatResponse blocked = adapter.decodeChat(utf8("{\"promptFeedback\":{\"blockReason\":\"SAFETY\"}}"));
        assertThat(blocked.choices().get(0).finishReason()).isEqualTo(FinishReason.CONTENT_FILTER);
        assertThatThrownBy(() -> adapter.decodeChat(utf8("{\"foo\":1}"))).hasMessageContaining("no candidates");
        assertThatThrownBy(() -> adapter.decodeChat(utf8("<html>"))).hasMessageContaining("not valid JSON");
    }

    @Test
    void decodesARecordedStreamAtEverySplitPoint() {
        List<StreamEvent> events = Fixtures.decodeAtEverySplit(() -> adapter.streamDecoder(null, target),
                Fixtures.bytes("gemini/stream_function_call.txt"));

        assertThat(events).containsExactly(
                new StreamEvent.Start("stream-1", "gemini-2.5-flash"),
                new StreamEvent.TextDelta(0, "The weather — ☀️"),
                new StreamEvent.TextDelta(0, " in Boston: "),
                new StreamEvent.ToolCallStart(0, 0, "call_0", "get_weather"),
                new StreamEvent.ToolCallDelta(0, 0, "{\"location\":\"Boston, MA\"}"),
                new StreamEvent.Finish(0, FinishReason.TOOL_CALLS),
                new StreamEvent.UsageReport(new Usage(30, 27, 0, 0, 12)));
    }

    @Test
    void streamWithoutFinishReasonEndsInAFailure() {
        byte[] cut = Fixtures.cutBefore(Fixtures.bytes("gemini/stream_function_call.txt"), "data: {\"candidates\": "
                + "[{\"content\": {\"parts\": [{\"functionCall\"");

        List<StreamEvent> events = Fixtures.decode(adapter.streamDecoder(null, target), cut);

        assertThat(events.get(events.size() - 2)).isEqualTo(new StreamEvent.TextDelta(0, " in Boston: "));
        assertThat(events.get(events.size() - 1)).isEqualTo(new StreamEvent.Failure(
                new ProviderError.ProtocolError("Gemini stream ended without a finishReason")));
    }

    @Test
    void errorInsideTheStreamIsClassified() {
        byte[] stream = utf8("data: {\"error\":{\"code\":503,\"message\":\"The model is overloaded.\","
                + "\"status\":\"UNAVAILABLE\"}}\n\n");
        List<StreamEvent> events = Fixtures.decode(adapter.streamDecoder(null, target), stream);
        assertThat(events).containsExactly(new StreamEvent.Failure(
                new ProviderError.ServerError("The model is overloaded.", 503)));
    }

    private static byte[] error(int code, String status, String message, String details) {
        return utf8("{\"error\":{\"code\":" + code + ",\"message\":\"" + message + "\",\"status\":\"" + status + "\""
                + (details == null ? "" : ",\"details\":" + details) + "}}");
    }

    @Test
    void classifiesErrors() {
        String retryInfo = "[{\"@type\":\"type.googleapis.com/google.rpc.RetryInfo\",\"retryDelay\":\"5.5s\"}]";
        assertThat(adapter.classifyError(429, null, error(429, "RESOURCE_EXHAUSTED", "quota", retryInfo)))
                .isEqualTo(new ProviderError.RateLimited("quota", 429, Duration.ofMillis(5500)));
        assertThat(adapter.classifyError(429, "7", error(429, "RESOURCE_EXHAUSTED", "quota", retryInfo)))
                .isEqualTo(new ProviderError.RateLimited("quota", 429, Duration.ofSeconds(7)));
        assertThat(adapter.classifyError(400, null, error(400, "INVALID_ARGUMENT",
                "The input token count (1048577) exceeds the maximum number of tokens allowed (1048576).", null)))
                .isInstanceOf(ProviderError.ContextTooLong.class);
        assertThat(adapter.classifyError(400, null, error(400, "INVALID_ARGUMENT", "Invalid JSON payload", null)))
                .isEqualTo(new ProviderError.BadRequest("Invalid JSON payload", 400, null, "INVALID_ARGUMENT"));
        ProviderError badKey = adapter.classifyError(400, null, error(400, "INVALID_ARGUMENT",
                "API key not valid. Please pass a valid API key.",
                "[{\"@type\":\"type.googleapis.com/google.rpc.ErrorInfo\",\"reason\":\"API_KEY_INVALID\"}]"));
        assertThat(badKey).isInstanceOf(ProviderError.AuthFailure.class);
        assertThat(badKey.clientStatus()).isEqualTo(401);
        assertThat(adapter.classifyError(403, null, error(403, "PERMISSION_DENIED", "denied", null)))
                .isInstanceOf(ProviderError.AuthFailure.class);
        assertThat(adapter.classifyError(401, null, error(401, "UNAUTHENTICATED", "no", null)).clientStatus())
                .isEqualTo(401);
        assertThat(adapter.classifyError(404, null, error(404, "NOT_FOUND", "models/x is not found", null)))
                .isEqualTo(new ProviderError.BadRequest("models/x is not found", 404, null, "NOT_FOUND"));
        assertThat(adapter.classifyError(500, null, error(500, "INTERNAL", "oops", null)))
                .isEqualTo(new ProviderError.ServerError("oops", 500));
        assertThat(adapter.classifyError(503, null, utf8("<html>busy</html>")))
                .isEqualTo(new ProviderError.ServerError("upstream returned HTTP 503", 503));
    }

    @Test
    void encodesSingleAndBatchEmbeddings() {
        UpstreamRequest single = adapter.encodeEmbeddings(new EmbeddingRequest("x", List.of("hello"), null, 256, null,
                null), TargetContext.of("gemini-embedding-001", "k"));
        assertThat(single.path()).isEqualTo("/v1beta/models/gemini-embedding-001:embedContent");
        assertThat(Fixtures.json(single.body())).isEqualTo(Fixtures.json("{\"model\":\"models/gemini-embedding-001\","
                + "\"content\":{\"parts\":[{\"text\":\"hello\"}]},\"outputDimensionality\":256}"));

        UpstreamRequest batch = adapter.encodeEmbeddings(new EmbeddingRequest("x", List.of("a", "b"), null, null,
                null, null), TargetContext.of("text-embedding-004", "k"));
        assertThat(batch.path()).isEqualTo("/v1beta/models/text-embedding-004:batchEmbedContents");
        assertThat(Fixtures.json(batch.body())).isEqualTo(Fixtures.json("{\"requests\":["
                + "{\"model\":\"models/text-embedding-004\",\"content\":{\"parts\":[{\"text\":\"a\"}]}},"
                + "{\"model\":\"models/text-embedding-004\",\"content\":{\"parts\":[{\"text\":\"b\"}]}}]}"));
    }

    @Test
    void decodesEmbeddingsAndEncodesBase64OnRequest() {
        EmbeddingResponse batch = adapter.decodeEmbeddings(Fixtures.bytes("gemini/embed_batch_response.json"));
        assertThat(batch.embeddings()).containsExactly(Fixtures.tree("[0.5,-0.25,1.0]"),
                Fixtures.tree("[0.125,0.0,-1.5]"));
        EmbeddingResponse single = adapter.decodeEmbeddings(utf8("{\"embedding\":{\"values\":[1.0]}}"));
        assertThat(single.embeddings()).containsExactly(Fixtures.tree("[1.0]"));

        EmbeddingResponse encoded = EmbeddingVectors.asRequested(batch, "base64");
        byte[] raw = Base64.getDecoder().decode(encoded.embeddings().get(0).textValue());
        ByteBuffer buffer = ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN);
        assertThat(raw).hasSize(12);
        assertThat(List.of(buffer.getFloat(), buffer.getFloat(), buffer.getFloat())).containsExactly(0.5f, -0.25f, 1.0f);
        assertThat(EmbeddingVectors.asRequested(batch, "float")).isSameAs(batch);
        assertThatThrownBy(() -> adapter.decodeEmbeddings(utf8("{}"))).hasMessageContaining("no embedding");
    }
}
