package dev.heimdall.providers.cohere;

import com.fasterxml.jackson.databind.JsonNode;
import dev.heimdall.providers.Fixtures;
import dev.heimdall.providers.canonical.ChatRequest;
import dev.heimdall.providers.canonical.ChatResponse;
import dev.heimdall.providers.canonical.ContentPart;
import dev.heimdall.providers.canonical.EmbeddingRequest;
import dev.heimdall.providers.canonical.FinishReason;
import dev.heimdall.providers.canonical.EmbeddingResponse;
import dev.heimdall.providers.canonical.EmbeddingVectors;
import dev.heimdall.providers.canonical.StreamEvent;
import dev.heimdall.providers.canonical.ToolCall;
import dev.heimdall.providers.canonical.Usage;
import dev.heimdall.providers.openai.OpenAiChatParser;
import dev.heimdall.providers.spi.ProviderError;
import dev.heimdall.providers.spi.ProviderException;
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

class CohereAdapterTest {

    private static final Instant NOW = Instant.parse("2025-06-01T12:00:00Z");
    private final CohereAdapter adapter = new CohereAdapter(Clock.fixed(NOW, ZoneOffset.UTC));
    private final TargetContext target = TargetContext.of("command-r-plus", "co-secret");

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private JsonNode encode(String openAiJson) {
        return Fixtures.json(adapter.encodeChat(OpenAiChatParser.parse(Fixtures.json(openAiJson)), target).body());
    }

    @Test
    void encodesMessagesParametersPathAndBearerAuth() {
        UpstreamRequest upstream = adapter.encodeChat(OpenAiChatParser.parse(Fixtures.json("{\"model\":\"x\","
                + "\"messages\":[{\"role\":\"system\",\"content\":\"Be brief.\"},{\"role\":\"user\",\"content\":\"Hi\"}],"
                + "\"temperature\":0.3,\"top_p\":0.9,\"max_tokens\":50,\"stop\":[\"END\"],\"seed\":7,"
                + "\"user\":\"u1\",\"frequency_penalty\":0.1,\"stream\":true}")), target);

        assertThat(upstream.path()).isEqualTo("/v2/chat");
        assertThat(upstream.stream()).isTrue();
        assertThat(upstream.headers()).containsExactly(Map.entry("content-type", "application/json"),
                Map.entry("Authorization", "Bearer co-secret"));
        assertThat(Fixtures.json(upstream.body())).isEqualTo(Fixtures.json("{\"model\":\"command-r-plus\","
                + "\"messages\":[{\"role\":\"system\",\"content\":\"Be brief.\"},{\"role\":\"user\",\"content\":\"Hi\"}],"
                + "\"temperature\":0.3,\"p\":0.9,\"max_tokens\":50,\"stop_sequences\":[\"END\"],\"seed\":7,"
                + "\"frequency_penalty\":0.1,\"stream\":true}"));
    }

    @Test
    void encodesToolsToolTurnsAndImages() {
        JsonNode body = encode("{\"model\":\"x\",\"messages\":["
                + "{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"Weather?\"},"
                + "{\"type\":\"image_url\",\"image_url\":{\"url\":\"data:image/png;base64,iVBO\"}}]},"
                + "{\"role\":\"assistant\",\"content\":null,\"tool_calls\":[{\"id\":\"c1\",\"type\":\"function\","
                + "\"function\":{\"name\":\"get_weather\",\"arguments\":\"{\\\"city\\\":\\\"Oslo\\\"}\"}}]},"
                + "{\"role\":\"tool\",\"tool_call_id\":\"c1\",\"content\":\"12C\"}],"
                + "\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"get_weather\",\"description\":\"d\","
                + "\"parameters\":{\"type\":\"object\"}}},{\"type\":\"function\",\"function\":{\"name\":\"other\"}}],"
                + "\"tool_choice\":\"required\"}");

        assertThat(body.get("messages")).isEqualTo(Fixtures.tree("["
                + "{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"Weather?\"},"
                + "{\"type\":\"image_url\",\"image_url\":{\"url\":\"data:image/png;base64,iVBO\"}}]},"
                + "{\"role\":\"assistant\",\"tool_calls\":[{\"id\":\"c1\",\"type\":\"function\","
                + "\"function\":{\"name\":\"get_weather\",\"arguments\":\"{\\\"city\\\":\\\"Oslo\\\"}\"}}]},"
                + "{\"role\":\"tool\",\"content\":\"12C\",\"tool_call_id\":\"c1\"}]"));
        assertThat(body.get("tools")).isEqualTo(Fixtures.tree("[{\"type\":\"function\",\"function\":{"
                + "\"name\":\"get_weather\",\"description\":\"d\",\"parameters\":{\"type\":\"object\"}}},"
                + "{\"type\":\"function\",\"function\":{\"name\":\"other\",\"parameters\":{\"type\":\"object\"}}}]"));
        assertThat(body.get("tool_choice").asText()).isEqualTo("REQUIRED");
    }

    @Test
    void toolChoiceAutoIsOmittedNoneIsNoneAndAForcedToolIsTheOnlyOneOffered() {
        String tools = "\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"a\"}},"
                + "{\"type\":\"function\",\"function\":{\"name\":\"b\"}}]";
        String messages = "\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]";
        assertThat(encode("{\"model\":\"x\"," + messages + "," + tools + ",\"tool_choice\":\"auto\"}")
                .has("tool_choice")).isFalse();
        assertThat(encode("{\"model\":\"x\"," + messages + "," + tools + ",\"tool_choice\":\"none\"}")
                .get("tool_choice").asText()).isEqualTo("NONE");
        JsonNode forced = encode("{\"model\":\"x\"," + messages + "," + tools
                + ",\"tool_choice\":{\"type\":\"function\",\"function\":{\"name\":\"b\"}}}");
        assertThat(forced.get("tool_choice").asText()).isEqualTo("REQUIRED");
        assertThat(forced.get("tools")).hasSize(1);
        assertThat(forced.get("tools").get(0).path("function").path("name").asText()).isEqualTo("b");
    }

    @Test
    void responseFormatBecomesJsonObjectWithSchema() {
        JsonNode body = encode("{\"model\":\"x\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],"
                + "\"response_format\":{\"type\":\"json_schema\",\"json_schema\":{\"name\":\"n\","
                + "\"schema\":{\"type\":\"object\"}}}}");
        assertThat(body.get("response_format")).isEqualTo(Fixtures.tree(
                "{\"type\":\"json_object\",\"json_schema\":{\"type\":\"object\"}}"));
    }

    @Test
    void decodesTextResponseWithTokensUsage() {
        ChatResponse response = adapter.decodeChat(Fixtures.bytes("cohere/chat_response_text.json"));

        assertThat(response.id()).isEqualTo("c14c80c3-18eb-4519-9460-6c92edd8cfb4");
        assertThat(response.created()).isEqualTo(NOW.getEpochSecond());
        assertThat(response.choices()).hasSize(1);
        assertThat(response.choices().get(0).message().text()).startsWith("LLMs stand for Large Language Models");
        assertThat(response.choices().get(0).finishReason()).isEqualTo(FinishReason.STOP);
        assertThat(response.usage()).isEqualTo(Usage.of(85, 386));
    }

    @Test
    void decodesToolCallResponse() {
        ChatResponse response = adapter.decodeChat(Fixtures.bytes("cohere/chat_response_tool_call.json"));

        assertThat(response.choices().get(0).message().content()).isEmpty();
        assertThat(response.choices().get(0).message().toolCalls()).containsExactly(new ToolCall(
                "query_daily_sales_report_8k4tm4sb3w2z", "query_daily_sales_report", "{\"day\":\"2023-09-29\"}"));
        assertThat(response.choices().get(0).finishReason()).isEqualTo(FinishReason.TOOL_CALLS);
        assertThat(response.usage()).isEqualTo(Usage.of(1024, 60));
    }

    @Test
    void finishReasonsAndBilledUnitsFallback() {
        assertThat(CohereAdapter.finishReason("MAX_TOKENS")).isEqualTo(FinishReason.LENGTH);
        assertThat(CohereAdapter.finishReason("STOP_SEQUENCE")).isEqualTo(FinishReason.STOP);
        assertThat(CohereAdapter.finishReason("ERROR_TOXIC")).isEqualTo(FinishReason.CONTENT_FILTER);
        ChatResponse response = adapter.decodeChat(utf8("{\"id\":\"i\",\"finish_reason\":\"MAX_TOKENS\","
                + "\"message\":{\"role\":\"assistant\",\"content\":[{\"type\":\"text\",\"text\":\"a\"}]},"
                + "\"usage\":{\"billed_units\":{\"input_tokens\":4,\"output_tokens\":1}}}"));
        assertThat(response.usage()).isEqualTo(Usage.of(4, 1));
        assertThat(response.choices().get(0).finishReason()).isEqualTo(FinishReason.LENGTH);
    }

    @Test
    void errorFinishAndUndecodableBodiesAreErrors() {
        assertThatThrownBy(() -> adapter.decodeChat(utf8("{\"id\":\"i\",\"finish_reason\":\"ERROR\","
                + "\"message\":{\"role\":\"assistant\",\"content\":[]}}")))
                .isInstanceOfSatisfying(ProviderException.class,
                        e -> assertThat(e.error()).isInstanceOf(ProviderError.ServerError.class));
        assertThatThrownBy(() -> adapter.decodeChat(utf8("{\"id\":\"i\"}")))
                .isInstanceOfSatisfying(ProviderException.class,
                        e -> assertThat(e.error()).isInstanceOf(ProviderError.ProtocolError.class));
        assertThatThrownBy(() -> adapter.decodeChat(utf8("<html>")))
                .isInstanceOf(ProviderException.class);
    }

    @Test
    void decodesTextStreamAtEverySplitPoint() {
        List<StreamEvent> events = Fixtures.decodeAtEverySplit(() -> adapter.streamDecoder(null, target),
                Fixtures.bytes("cohere/stream_text.txt"));

        assertThat(events).containsExactly(
                new StreamEvent.Start("29f14a5a-11de-4cae-9800-25e4747408ea", null),
                new StreamEvent.TextDelta(0, "Größe"),
                new StreamEvent.TextDelta(0, " matters."),
                new StreamEvent.Finish(0, FinishReason.STOP),
                new StreamEvent.UsageReport(Usage.of(69, 3)));
    }

    @Test
    void decodesToolCallStreamAtEverySplitPoint() {
        List<StreamEvent> events = Fixtures.decodeAtEverySplit(() -> adapter.streamDecoder(null, target),
                Fixtures.bytes("cohere/stream_tool_call.txt"));

        assertThat(events).containsExactly(
                new StreamEvent.Start("0ab8f9b1-2c6c-4e0b-9d42-6bd2b5d7a1e1", null),
                new StreamEvent.ToolCallStart(0, 0, "get_weather_nsz5zm3w56q3", "get_weather"),
                new StreamEvent.ToolCallDelta(0, 0, "{\n    \""),
                new StreamEvent.ToolCallDelta(0, 0, "location\": \"Toronto\"}"),
                new StreamEvent.Finish(0, FinishReason.TOOL_CALLS),
                new StreamEvent.UsageReport(Usage.of(1024, 60)));
    }

    @Test
    void truncatedStreamAndErrorFinishAreFailures() {
        byte[] cut = Fixtures.cutBefore(Fixtures.bytes("cohere/stream_text.txt"), "event: message-end");
        List<StreamEvent> events = Fixtures.decode(adapter.streamDecoder(null, target), cut);
        assertThat(events.get(events.size() - 1)).isInstanceOfSatisfying(StreamEvent.Failure.class,
                f -> assertThat(f.error()).isInstanceOf(ProviderError.ProtocolError.class));

        List<StreamEvent> error = Fixtures.decode(adapter.streamDecoder(null, target), utf8(
                "event: message-end\ndata: {\"type\":\"message-end\",\"delta\":{\"finish_reason\":\"ERROR\","
                        + "\"error\":\"internal\"}}\n\n"));
        assertThat(error).hasSize(2);
        assertThat(error.get(1)).isInstanceOfSatisfying(StreamEvent.Failure.class,
                f -> assertThat(f.error()).isEqualTo(new ProviderError.ServerError("internal", 502)));

        List<StreamEvent> garbage = Fixtures.decode(adapter.streamDecoder(null, target), utf8("data: {oops\n\n"));
        assertThat(garbage).singleElement().isInstanceOf(StreamEvent.Failure.class);
    }

    @Test
    void classifiesErrors() {
        byte[] body = utf8("{\"message\":\"too many tokens: total number of tokens in the prompt cannot exceed 128000\"}");
        assertThat(adapter.classifyError(400, null, body)).isInstanceOf(ProviderError.ContextTooLong.class);
        assertThat(adapter.classifyError(400, null, utf8("{\"message\":\"invalid request: message must be set\"}")))
                .isEqualTo(new ProviderError.BadRequest("invalid request: message must be set", 400, null, null));
        assertThat(adapter.classifyError(429, "3", utf8("{\"message\":\"You are using a Trial key\"}")))
                .isEqualTo(new ProviderError.RateLimited("You are using a Trial key", 429, Duration.ofSeconds(3)));
        assertThat(adapter.classifyError(401, null, utf8("{\"message\":\"invalid api token\"}")))
                .isInstanceOf(ProviderError.AuthFailure.class);
        assertThat(adapter.classifyError(403, null, null)).isInstanceOf(ProviderError.AuthFailure.class);
        assertThat(adapter.classifyError(500, null, utf8("<html>"))).isEqualTo(
                new ProviderError.ServerError("upstream returned HTTP 500", 500));
        assertThat(adapter.classifyError(422, null, utf8("{\"message\":\"bad\"}")))
                .isInstanceOf(ProviderError.BadRequest.class);
    }

    @Test
    void encodesAndDecodesEmbeddings() {
        UpstreamRequest upstream = adapter.encodeEmbeddings(new EmbeddingRequest("x", List.of("hello", "goodbye"),
                "base64", null, "u", null), TargetContext.of("embed-english-v3.0", "co-secret"));
        assertThat(upstream.path()).isEqualTo("/v2/embed");
        assertThat(Fixtures.json(upstream.body())).isEqualTo(Fixtures.json("{\"model\":\"embed-english-v3.0\","
                + "\"texts\":[\"hello\",\"goodbye\"],\"input_type\":\"search_document\",\"embedding_types\":[\"float\"]}"));

        EmbeddingResponse response = adapter.decodeEmbeddings(Fixtures.bytes("cohere/embed_response.json"));
        assertThat(response.embeddings()).hasSize(2);
        assertThat(response.embeddings().get(1)).isEqualTo(Fixtures.tree("[-0.5,0.25,1.0]"));
        assertThat(response.usage()).isEqualTo(Usage.of(2, 0));
        assertThatThrownBy(() -> adapter.decodeEmbeddings(utf8("{\"embeddings\":{}}")))
                .isInstanceOf(ProviderException.class);
    }

    @Test
    void floatVectorsEncodeAsLittleEndianFloat32Base64() {
        EmbeddingResponse floats = new EmbeddingResponse("m", List.of(Fixtures.tree("[-0.5,0.25,1.0]")), null);
        JsonNode encoded = EmbeddingVectors.asRequested(floats, "base64").embeddings().get(0);
        ByteBuffer buffer = ByteBuffer.wrap(Base64.getDecoder().decode(encoded.asText())).order(ByteOrder.LITTLE_ENDIAN);
        assertThat(buffer.remaining()).isEqualTo(12);
        assertThat(buffer.getFloat()).isEqualTo(-0.5f);
        assertThat(buffer.getFloat()).isEqualTo(0.25f);
        assertThat(buffer.getFloat()).isEqualTo(1.0f);
        EmbeddingResponse already = new EmbeddingResponse("m", List.of(encoded), null);
        assertThat(EmbeddingVectors.asRequested(already, "base64").embeddings().get(0)).isSameAs(encoded);
    }

    @Test
    void imagesOnlyInUserTurnsStayParts() {
        ChatRequest request = OpenAiChatParser.parse(Fixtures.json("{\"model\":\"x\",\"messages\":[{\"role\":\"user\","
                + "\"content\":[{\"type\":\"image_url\",\"image_url\":{\"url\":\"https://e.com/a.png\"}}]}]}"));
        assertThat(request.messages().get(0).content().get(0)).isInstanceOf(ContentPart.Image.class);
        JsonNode body = Fixtures.json(adapter.encodeChat(request, target).body());
        assertThat(body.path("messages").get(0).path("content")).isEqualTo(Fixtures.tree(
                "[{\"type\":\"image_url\",\"image_url\":{\"url\":\"https://e.com/a.png\"}}]"));
    }
}
