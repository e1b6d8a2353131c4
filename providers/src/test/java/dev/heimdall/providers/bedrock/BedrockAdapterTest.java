package dev.heimdall.providers.bedrock;

import com.fasterxml.jackson.databind.JsonNode;
import dev.heimdall.providers.Fixtures;
import dev.heimdall.providers.canonical.ChatRequest;
import dev.heimdall.providers.canonical.ChatResponse;
import dev.heimdall.providers.canonical.EmbeddingRequest;
import dev.heimdall.providers.canonical.EmbeddingResponse;
import dev.heimdall.providers.canonical.FinishReason;
import dev.heimdall.providers.canonical.Message;
import dev.heimdall.providers.canonical.Role;
import dev.heimdall.providers.canonical.ToolCall;
import dev.heimdall.providers.canonical.Usage;
import dev.heimdall.providers.openai.OpenAiChatParser;
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

class BedrockAdapterTest {

    private static final String MODEL = "anthropic.claude-3-5-sonnet-20240620-v1:0";
    private final BedrockAdapter adapter = new BedrockAdapter(Clock.fixed(Instant.parse("2025-06-01T12:00:00Z"),
            ZoneOffset.UTC));
    private final TargetContext target = TargetContext.of(MODEL, null);

    private static ChatRequest openAi(String json) {
        return OpenAiChatParser.parse(Fixtures.json(json));
    }

    private JsonNode encode(ChatRequest request) {
        return Fixtures.json(adapter.encodeChat(request, target).body());
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void defaultBaseUrlIsTheRegionsRuntimeEndpoint() {
        assertThat(adapter.defaultBaseUrl(Map.of("region", "eu-west-3")))
                .isEqualTo("https://bedrock-runtime.eu-west-3.amazonaws.com");
        assertThat(adapter.defaultBaseUrl(Map.of())).isEqualTo("https://bedrock-runtime.us-east-1.amazonaws.com");
    }

    @Test
    void encodesPathSystemInferenceConfigAndNoCredential() {
        ChatRequest request = openAi("{\"model\":\"m\",\"messages\":[{\"role\":\"system\",\"content\":\"Be brief.\"},"
                + "{\"role\":\"user\",\"content\":\"Hello\"}],\"max_tokens\":100,\"temperature\":1.5,\"top_p\":0.9,"
                + "\"stop\":[\"END\"]}");

        UpstreamRequest upstream = adapter.encodeChat(request, target);

        assertThat(upstream.path()).isEqualTo("/model/anthropic.claude-3-5-sonnet-20240620-v1%3A0/converse");
        assertThat(upstream.method()).isEqualTo("POST");
        assertThat(upstream.stream()).isFalse();
        assertThat(upstream.origin()).isNull();
        assertThat(upstream.headers()).extracting(Map.Entry::getKey).doesNotContain("authorization");
        assertThat(Fixtures.json(upstream.body())).isEqualTo(Fixtures.json("{\"messages\":[{\"role\":\"user\","
                + "\"content\":[{\"text\":\"Hello\"}]}],\"system\":[{\"text\":\"Be brief.\"}],\"inferenceConfig\":"
                + "{\"maxTokens\":100,\"temperature\":1.0,\"topP\":0.9,\"stopSequences\":[\"END\"]}}"));
        assertThat(adapter.encodeChat(request.withStream(true, true), target).path())
                .isEqualTo("/model/anthropic.claude-3-5-sonnet-20240620-v1%3A0/converse-stream");
    }

    @Test
    void encodesImagesToolsToolCallsAndMergedToolResults() {
        ChatRequest request = openAi("{\"model\":\"m\",\"messages\":["
                + "{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"What is this?\"},"
                + "{\"type\":\"image_url\",\"image_url\":{\"url\":\"data:image/png;base64,iVBORw0KGgo=\"}}]},"
                + "{\"role\":\"assistant\",\"content\":null,\"tool_calls\":["
                + "{\"id\":\"call_1\",\"type\":\"function\",\"function\":{\"name\":\"lookup\",\"arguments\":\"{\\\"q\\\":\\\"x\\\"}\"}},"
                + "{\"id\":\"call_2\",\"type\":\"function\",\"function\":{\"name\":\"lookup\",\"arguments\":\"not json\"}}]},"
                + "{\"role\":\"tool\",\"tool_call_id\":\"call_1\",\"content\":\"42\"},"
                + "{\"role\":\"tool\",\"tool_call_id\":\"call_2\",\"content\":\"43\"},"
                + "{\"role\":\"user\",\"content\":\"thanks\"}],"
                + "\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"lookup\",\"description\":\"Looks up\","
                + "\"parameters\":{\"type\":\"object\",\"properties\":{\"q\":{\"type\":\"string\"}}}}}],"
                + "\"tool_choice\":\"required\"}");

        assertThat(encode(request)).isEqualTo(Fixtures.json("{\"messages\":["
                + "{\"role\":\"user\",\"content\":[{\"text\":\"What is this?\"},"
                + "{\"image\":{\"format\":\"png\",\"source\":{\"bytes\":\"iVBORw0KGgo=\"}}}]},"
                + "{\"role\":\"assistant\",\"content\":[{\"toolUse\":{\"toolUseId\":\"call_1\",\"name\":\"lookup\","
                + "\"input\":{\"q\":\"x\"}}},{\"toolUse\":{\"toolUseId\":\"call_2\",\"name\":\"lookup\",\"input\":{}}}]},"
                + "{\"role\":\"user\",\"content\":[{\"toolResult\":{\"toolUseId\":\"call_1\",\"content\":[{\"text\":\"42\"}]}},"
                + "{\"toolResult\":{\"toolUseId\":\"call_2\",\"content\":[{\"text\":\"43\"}]}},{\"text\":\"thanks\"}]}],"
                + "\"toolConfig\":{\"tools\":[{\"toolSpec\":{\"name\":\"lookup\",\"description\":\"Looks up\","
                + "\"inputSchema\":{\"json\":{\"type\":\"object\",\"properties\":{\"q\":{\"type\":\"string\"}}}}}}],"
                + "\"toolChoice\":{\"any\":{}}}}"));
    }

    @Test
    void toolChoiceVariants() {
        String tools = "\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"f\"}}]";
        String user = "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]";
        assertThat(encode(openAi("{\"model\":\"m\"," + user + "," + tools + ",\"tool_choice\":\"auto\"}"))
                .path("toolConfig").path("toolChoice")).isEqualTo(Fixtures.json("{\"auto\":{}}"));
        assertThat(encode(openAi("{\"model\":\"m\"," + user + "," + tools + ",\"tool_choice\":{\"type\":\"function\","
                + "\"function\":{\"name\":\"f\"}}}")).path("toolConfig").path("toolChoice"))
                .isEqualTo(Fixtures.json("{\"tool\":{\"name\":\"f\"}}"));
        JsonNode noChoice = encode(openAi("{\"model\":\"m\"," + user + "," + tools + "}"));
        assertThat(noChoice.path("toolConfig").has("toolChoice")).isFalse();
        assertThat(noChoice.path("toolConfig").path("tools").get(0).path("toolSpec").path("inputSchema"))
                .isEqualTo(Fixtures.json("{\"json\":{\"type\":\"object\",\"properties\":{}}}"));

        assertThat(encode(openAi("{\"model\":\"m\"," + user + "," + tools + ",\"tool_choice\":\"none\"}"))
                .has("toolConfig")).isFalse();
        JsonNode noneWithHistory = encode(openAi("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"},"
                + "{\"role\":\"assistant\",\"tool_calls\":[{\"id\":\"c\",\"type\":\"function\",\"function\":{\"name\":\"f\","
                + "\"arguments\":\"{}\"}}]},{\"role\":\"tool\",\"tool_call_id\":\"c\",\"content\":\"ok\"}]," + tools
                + ",\"tool_choice\":\"none\"}"));
        assertThat(noneWithHistory.path("toolConfig").path("tools")).hasSize(1);
        assertThat(noneWithHistory.path("toolConfig").has("toolChoice")).isFalse();
    }

    @Test
    void anImageUrlIsABadRequestNotASilentDrop() {
        ChatRequest request = openAi("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":["
                + "{\"type\":\"image_url\",\"image_url\":{\"url\":\"https://example.com/cat.png\"}}]}]}");

        assertThatThrownBy(() -> adapter.encodeChat(request, target)).isInstanceOfSatisfying(ProviderException.class,
                e -> {
                    assertThat(e.error()).isInstanceOf(ProviderError.BadRequest.class);
                    assertThat(e.error().clientStatus()).isEqualTo(400);
                    assertThat(e.error().message()).contains("inline images");
                });
    }

    @Test
    void aKeyInAnotherRegionGoesToThatRegionsEndpointUnlessTheBaseUrlIsCustom() {
        ChatRequest request = ChatRequest.of("m", List.of(Message.text(Role.USER, "hi")));
        TargetContext otherRegion = new TargetContext(MODEL, null, null, null, Map.of(), Map.of("region", "eu-west-1",
                "provider-region", "us-west-2", "base-url", "https://bedrock-runtime.us-west-2.amazonaws.com"));
        assertThat(adapter.encodeChat(request, otherRegion).origin())
                .isEqualTo("https://bedrock-runtime.eu-west-1.amazonaws.com");

        TargetContext sameRegion = new TargetContext(MODEL, null, null, null, Map.of(), Map.of("region", "us-west-2",
                "provider-region", "us-west-2", "base-url", "https://bedrock-runtime.us-west-2.amazonaws.com"));
        assertThat(adapter.encodeChat(request, sameRegion).origin()).isNull();

        TargetContext mock = new TargetContext(MODEL, null, null, null, Map.of(), Map.of("region", "eu-west-1",
                "provider-region", "us-west-2", "base-url", "http://127.0.0.1:9090/bedrock"));
        assertThat(adapter.encodeChat(request, mock).origin()).isNull();
    }

    /** The Converse response example of the API reference. */
    @Test
    void decodesText() {
        ChatResponse response = adapter.decodeChat(utf8("{\"output\":{\"message\":{\"role\":\"assistant\","
                + "\"content\":[{\"text\":\"Hello! How can I help?\"}]}},\"stopReason\":\"end_turn\","
                + "\"usage\":{\"inputTokens\":10,\"outputTokens\":7,\"totalTokens\":17,\"cacheReadInputTokens\":4,"
                + "\"cacheWriteInputTokens\":2},\"metrics\":{\"latencyMs\":350}}"));

        assertThat(response.id()).startsWith("chatcmpl-bedrock-");
        assertThat(response.created()).isEqualTo(Instant.parse("2025-06-01T12:00:00Z").getEpochSecond());
        ChatResponse.Choice choice = response.choices().get(0);
        assertThat(choice.message().text()).isEqualTo("Hello! How can I help?");
        assertThat(choice.finishReason()).isEqualTo(FinishReason.STOP);
        assertThat(response.usage()).isEqualTo(new Usage(16, 7, 4, 2, 0));
    }

    @Test
    void decodesToolUse() {
        ChatResponse response = adapter.decodeChat(utf8("{\"output\":{\"message\":{\"role\":\"assistant\",\"content\":["
                + "{\"toolUse\":{\"toolUseId\":\"tooluse_1\",\"name\":\"top_song\",\"input\":{\"sign\":\"WZPZ\"}}}]}},"
                + "\"stopReason\":\"tool_use\",\"usage\":{\"inputTokens\":5,\"outputTokens\":3,\"totalTokens\":8}}"));

        ChatResponse.Choice choice = response.choices().get(0);
        assertThat(choice.message().content()).isEmpty();
        assertThat(choice.message().toolCalls()).containsExactly(new ToolCall("tooluse_1", "top_song",
                "{\"sign\":\"WZPZ\"}"));
        assertThat(choice.finishReason()).isEqualTo(FinishReason.TOOL_CALLS);
    }

    @Test
    void mapsStopReasons() {
        assertThat(BedrockAdapter.finishReason("end_turn")).isEqualTo(FinishReason.STOP);
        assertThat(BedrockAdapter.finishReason("stop_sequence")).isEqualTo(FinishReason.STOP);
        assertThat(BedrockAdapter.finishReason("max_tokens")).isEqualTo(FinishReason.LENGTH);
        assertThat(BedrockAdapter.finishReason("tool_use")).isEqualTo(FinishReason.TOOL_CALLS);
        assertThat(BedrockAdapter.finishReason("guardrail_intervened")).isEqualTo(FinishReason.CONTENT_FILTER);
        assertThat(BedrockAdapter.finishReason("content_filtered")).isEqualTo(FinishReason.CONTENT_FILTER);
    }

    @Test
    void aBodyWithoutOutputIsAProtocolError() {
        assertThatThrownBy(() -> adapter.decodeChat(utf8("{\"foo\":1}"))).isInstanceOfSatisfying(
                ProviderException.class, e -> assertThat(e.error()).isInstanceOf(ProviderError.ProtocolError.class));
        assertThatThrownBy(() -> adapter.decodeChat(utf8("<html>"))).isInstanceOf(ProviderException.class);
    }

    @Test
    void classifiesErrors() {
        assertThat(adapter.classifyError(429, "3", utf8("{\"message\":\"Too many requests, please wait before trying "
                + "again.\"}"))).isEqualTo(new ProviderError.RateLimited("Too many requests, please wait before trying "
                + "again.", 429, Duration.ofSeconds(3)));
        assertThat(adapter.classifyError(400, null, utf8("{\"__type\":\"com.amazon.coral.service#ThrottlingException\","
                + "\"message\":\"slow down\"}"))).isInstanceOf(ProviderError.RateLimited.class);
        assertThat(adapter.classifyError(400, null, utf8("{\"message\":\"Input is too long for requested model.\"}")))
                .isEqualTo(new ProviderError.ContextTooLong("Input is too long for requested model.", 400));
        assertThat(adapter.classifyError(400, null, utf8("{\"message\":\"prompt is too long: 300000 tokens > 200000 "
                + "maximum\"}"))).isInstanceOf(ProviderError.ContextTooLong.class);
        assertThat(adapter.classifyError(400, null, utf8("{\"message\":\"Malformed input request: #: required key "
                + "[messages] not found\"}"))).isInstanceOf(ProviderError.BadRequest.class);
        ProviderError auth = adapter.classifyError(403, null, utf8("{\"message\":\"The request signature we calculated "
                + "does not match the signature you provided. Canonical request: AKIAEXAMPLE\"}"));
        assertThat(auth).isInstanceOf(ProviderError.AuthFailure.class);
        assertThat(auth.message()).doesNotContain("AKIAEXAMPLE");
        assertThat(adapter.classifyError(403, null, utf8("{\"message\":\"The security token included in the request "
                + "is invalid.\"}"))).isInstanceOf(ProviderError.AuthFailure.class);
        assertThat(adapter.classifyError(404, null, utf8("{\"message\":\"Could not resolve the foundation model\"}")))
                .isEqualTo(new ProviderError.BadRequest("Could not resolve the foundation model", 404, null, null));
        assertThat(adapter.classifyError(503, null, utf8("{\"message\":\"Model is not ready\"}")))
                .isEqualTo(new ProviderError.ServerError("Model is not ready", 503));
        assertThat(adapter.classifyError(500, null, utf8("oops"))).isInstanceOf(ProviderError.ServerError.class);
    }

    @Test
    void encodesAndDecodesTitanEmbeddings() {
        TargetContext titan = TargetContext.of("amazon.titan-embed-text-v2:0", null);
        EmbeddingRequest request = new EmbeddingRequest("e", List.of("hello"), "float", 256, null, null);

        UpstreamRequest upstream = adapter.encodeEmbeddings(request, titan);

        assertThat(upstream.path()).isEqualTo("/model/amazon.titan-embed-text-v2%3A0/invoke");
        assertThat(Fixtures.json(upstream.body())).isEqualTo(Fixtures.json("{\"inputText\":\"hello\","
                + "\"dimensions\":256,\"normalize\":true}"));
        EmbeddingResponse response = adapter.decodeEmbeddings(utf8("{\"embedding\":[0.5,-0.25],"
                + "\"inputTextTokenCount\":2}"));
        assertThat(response.embeddings()).containsExactly(Fixtures.tree("[0.5,-0.25]"));
        assertThat(response.usage()).isEqualTo(Usage.of(2, 0));

        EmbeddingRequest two = new EmbeddingRequest("e", List.of("a", "b"), null, null, null, null);
        assertThatThrownBy(() -> adapter.encodeEmbeddings(two, titan)).isInstanceOfSatisfying(ProviderException.class,
                e -> assertThat(e.error()).isInstanceOf(ProviderError.BadRequest.class));
    }

    @Test
    void encodesAndDecodesCohereEmbeddingBatches() {
        TargetContext cohere = TargetContext.of("cohere.embed-english-v3", null);
        EmbeddingRequest request = new EmbeddingRequest("e", List.of("a", "b"), null, null, null, null);

        assertThat(Fixtures.json(adapter.encodeEmbeddings(request, cohere).body())).isEqualTo(Fixtures.json(
                "{\"texts\":[\"a\",\"b\"],\"input_type\":\"search_document\"}"));
        EmbeddingResponse response = adapter.decodeEmbeddings(utf8("{\"id\":\"x\",\"embeddings\":[[0.1],[0.2]],"
                + "\"response_type\":\"embeddings_floats\",\"texts\":[\"a\",\"b\"]}"));
        assertThat(response.embeddings()).containsExactly(Fixtures.tree("[0.1]"), Fixtures.tree("[0.2]"));
    }
}
