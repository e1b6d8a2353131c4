package dev.heimdall.loadtest.mock;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.heimdall.loadtest.mock.openai.OpenAiMock;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

class OpenAiMockTest extends MockHttp {
    private static final String HELLO = "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"hello there\"}]";
    private static final String WEATHER_TOOLS = "\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"get_weather\","
            + "\"parameters\":{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"},\"days\":{\"type\":\"integer\"},"
            + "\"metric\":{\"type\":\"boolean\"},\"unit\":{\"type\":\"string\",\"enum\":[\"c\",\"f\"]},\"tags\":{\"type\":\"array\"}},"
            + "\"required\":[\"city\"]}}},{\"type\":\"function\",\"function\":{\"name\":\"get_time\",\"parameters\":"
            + "{\"type\":\"object\",\"properties\":{\"zone\":{\"type\":\"string\"}}}}}]";

    @Test
    void answersChatCompletionWithDeterministicReplyAndUsage() throws Exception {
        HttpResponse<String> res = openai("/v1/chat/completions", HELLO + "}");
        assertThat(res.statusCode()).isEqualTo(200);
        assertThat(res.headers().firstValue("content-type")).hasValue("application/json");
        JsonNode json = parse(res.body());
        assertThat(json.get("id").asText()).startsWith("chatcmpl-");
        assertThat(json.get("object").asText()).isEqualTo("chat.completion");
        assertThat(json.get("created").isIntegralNumber()).isTrue();
        assertThat(json.get("model").asText()).isEqualTo("gpt-4o-mini");
        assertThat(json.get("system_fingerprint").asText()).isNotEmpty();
        JsonNode choice = json.get("choices").get(0);
        assertThat(choice.get("index").asInt()).isZero();
        assertThat(choice.get("message").get("role").asText()).isEqualTo("assistant");
        assertThat(choice.get("message").get("content").asText()).isEqualTo("Mock reply to: hello there");
        assertThat(choice.get("message").get("refusal").isNull()).isTrue();
        assertThat(choice.get("message").has("tool_calls")).isFalse();
        assertThat(choice.get("logprobs").isNull()).isTrue();
        assertThat(choice.get("finish_reason").asText()).isEqualTo("stop");
        JsonNode usage = json.get("usage");
        // 3 priming + 4 per message + ceil(11 / 4)
        assertThat(usage.get("prompt_tokens").asInt()).isEqualTo(10);
        assertThat(usage.get("completion_tokens").asInt()).isEqualTo(5);
        assertThat(usage.get("total_tokens").asInt()).isEqualTo(15);
        assertThat(usage.get("prompt_tokens_details").get("cached_tokens").asInt()).isZero();
        assertThat(usage.get("completion_tokens_details").get("reasoning_tokens").asInt()).isZero();
    }

    @Test
    void moderationFlagsEachInputThatContainsTheConfiguredWord() throws Exception {
        HttpResponse<String> res = openai("/v1/moderations",
                "{\"input\":[\"a kind word\",\"this is MOCK-FLAGGED text\"]}");
        assertThat(res.statusCode()).isEqualTo(200);
        JsonNode results = parse(res.body()).get("results");
        assertThat(results).hasSize(2);
        assertThat(results.get(0).get("flagged").asBoolean()).isFalse();
        assertThat(results.get(0).get("categories").get("violence").asBoolean()).isFalse();
        assertThat(results.get(1).get("flagged").asBoolean()).isTrue();
        assertThat(results.get(1).get("categories").get("violence").asBoolean()).isTrue();
        assertThat(parse(openai("/v1/moderations", "{\"input\":\"mock-flagged\"}").body())
                .at("/results/0/flagged").asBoolean()).isTrue();
        assertThat(openai("/v1/moderations", "{}").statusCode()).isEqualTo(400);
    }

    @Test
    void streamsRoleThenContentThenFinishThenDoneWithoutUsageByDefault() throws Exception {
        HttpResponse<String> res = openai("/v1/chat/completions", HELLO + ",\"stream\":true}");
        assertThat(res.statusCode()).isEqualTo(200);
        assertThat(res.headers().firstValue("content-type").orElseThrow()).startsWith("text/event-stream");
        List<Sse> events = events(res.body());
        assertThat(events).allSatisfy(e -> assertThat(e.event()).isNull());
        assertThat(events.get(events.size() - 1).data()).isEqualTo("[DONE]");
        List<JsonNode> chunks = events.subList(0, events.size() - 1).stream().map(Sse::json).toList();
        assertThat(chunks).allSatisfy(c -> {
            assertThat(c.get("object").asText()).isEqualTo("chat.completion.chunk");
            assertThat(c.has("usage")).isFalse();
            assertThat(c.get("id").asText()).isEqualTo(chunks.get(0).get("id").asText());
        });
        JsonNode first = chunks.get(0).get("choices").get(0);
        assertThat(first.get("delta").get("role").asText()).isEqualTo("assistant");
        assertThat(first.get("delta").get("content").asText()).isEmpty();
        StringBuilder text = new StringBuilder();
        for (JsonNode c : chunks.subList(1, chunks.size() - 1)) {
            assertThat(c.get("choices").get(0).get("finish_reason").isNull()).isTrue();
            text.append(c.get("choices").get(0).get("delta").get("content").asText());
        }
        assertThat(text).hasToString("Mock reply to: hello there");
        assertThat(chunks).hasSize(1 + 5 + 1);
        JsonNode last = chunks.get(chunks.size() - 1).get("choices").get(0);
        assertThat(last.get("finish_reason").asText()).isEqualTo("stop");
        assertThat(last.get("delta").isEmpty()).isTrue();
    }

    @Test
    void streamsUsageChunkWhenIncludeUsage() throws Exception {
        HttpResponse<String> res = openai("/v1/chat/completions",
                HELLO + ",\"stream\":true,\"stream_options\":{\"include_usage\":true}}");
        List<Sse> events = events(res.body());
        assertThat(events.get(events.size() - 1).data()).isEqualTo("[DONE]");
        JsonNode usageChunk = events.get(events.size() - 2).json();
        assertThat(usageChunk.get("choices").isEmpty()).isTrue();
        assertThat(usageChunk.get("usage").get("completion_tokens").asInt()).isEqualTo(5);
        assertThat(usageChunk.get("usage").get("prompt_tokens").asInt()).isEqualTo(10);
        JsonNode finish = events.get(events.size() - 3).json();
        assertThat(finish.get("choices").get(0).get("finish_reason").asText()).isEqualTo("stop");
        assertThat(finish.get("usage").isNull()).isTrue();
    }

    @Test
    void maxTokensTruncatesWithFinishReasonLength() throws Exception {
        JsonNode json = parse(openai("/v1/chat/completions", HELLO + ",\"max_tokens\":2}").body());
        assertThat(json.at("/choices/0/message/content").asText()).isEqualTo("Mock reply");
        assertThat(json.at("/choices/0/finish_reason").asText()).isEqualTo("length");
        assertThat(json.at("/usage/completion_tokens").asInt()).isEqualTo(2);
        json = parse(openai("/v1/chat/completions", HELLO + ",\"max_tokens\":50,\"max_completion_tokens\":3}").body());
        assertThat(json.at("/choices/0/message/content").asText()).isEqualTo("Mock reply to:");
    }

    @Test
    void stopSequenceCutsTheReply() throws Exception {
        JsonNode json = parse(openai("/v1/chat/completions", HELLO + ",\"stop\":[\"xyz\",\"to:\"]}").body());
        assertThat(json.at("/choices/0/message/content").asText()).isEqualTo("Mock reply ");
        assertThat(json.at("/choices/0/finish_reason").asText()).isEqualTo("stop");
    }

    @Test
    void callsFirstToolWithArgumentsBuiltFromItsSchema() throws Exception {
        JsonNode json = parse(openai("/v1/chat/completions", "{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"user\","
                + "\"content\":\"Paris\"}]," + WEATHER_TOOLS + "}").body());
        JsonNode choice = json.get("choices").get(0);
        assertThat(choice.get("finish_reason").asText()).isEqualTo("tool_calls");
        assertThat(choice.get("message").get("content").isNull()).isTrue();
        JsonNode call = choice.get("message").get("tool_calls").get(0);
        assertThat(choice.get("message").get("tool_calls")).hasSize(1);
        assertThat(call.get("id").asText()).startsWith("call_");
        assertThat(call.get("type").asText()).isEqualTo("function");
        assertThat(call.at("/function/name").asText()).isEqualTo("get_weather");
        assertThat(parse(call.at("/function/arguments").asText())).isEqualTo(
                parse("{\"city\":\"Paris\",\"days\":1,\"metric\":true,\"unit\":\"c\",\"tags\":[]}"));
    }

    @Test
    void honoursForcedAndNoneToolChoice() throws Exception {
        String base = "{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"user\",\"content\":\"UTC\"}]," + WEATHER_TOOLS;
        JsonNode forced = parse(openai("/v1/chat/completions", base
                + ",\"tool_choice\":{\"type\":\"function\",\"function\":{\"name\":\"get_time\"}}}").body());
        assertThat(forced.at("/choices/0/message/tool_calls/0/function/name").asText()).isEqualTo("get_time");
        assertThat(forced.at("/choices/0/message/tool_calls/0/function/arguments").asText())
                .isEqualTo("{\"zone\":\"UTC\"}");
        JsonNode none = parse(openai("/v1/chat/completions", base + ",\"tool_choice\":\"none\"}").body());
        assertThat(none.at("/choices/0/message/content").asText()).isEqualTo("Mock reply to: UTC");
    }

    @Test
    void answersToolResultWithItsContent() throws Exception {
        JsonNode json = parse(openai("/v1/chat/completions", "{\"model\":\"gpt-4o\",\"messages\":["
                + "{\"role\":\"user\",\"content\":\"Paris\"},"
                + "{\"role\":\"assistant\",\"content\":null,\"tool_calls\":[{\"id\":\"call_1\",\"type\":\"function\","
                + "\"function\":{\"name\":\"get_weather\",\"arguments\":\"{}\"}}]},"
                + "{\"role\":\"tool\",\"tool_call_id\":\"call_1\",\"content\":\"22 degrees\"}]," + WEATHER_TOOLS + "}").body());
        assertThat(json.at("/choices/0/message/content").asText()).isEqualTo("Tool result was: 22 degrees");
        assertThat(json.at("/choices/0/finish_reason").asText()).isEqualTo("stop");
    }

    @Test
    void streamsToolCallHeaderThenArgumentFragments() throws Exception {
        List<Sse> events = events(openai("/v1/chat/completions", "{\"model\":\"gpt-4o\",\"stream\":true,"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"Paris\"}]," + WEATHER_TOOLS + "}").body());
        assertThat(events.get(events.size() - 1).data()).isEqualTo("[DONE]");
        JsonNode head = events.get(1).json().at("/choices/0/delta/tool_calls/0");
        assertThat(head.get("index").asInt()).isZero();
        assertThat(head.get("id").asText()).startsWith("call_");
        assertThat(head.get("type").asText()).isEqualTo("function");
        assertThat(head.at("/function/name").asText()).isEqualTo("get_weather");
        assertThat(head.at("/function/arguments").asText()).isEmpty();
        StringBuilder args = new StringBuilder();
        for (Sse e : events.subList(2, events.size() - 2)) {
            JsonNode call = e.json().at("/choices/0/delta/tool_calls/0");
            assertThat(call.has("id")).isFalse();
            args.append(call.at("/function/arguments").asText());
        }
        assertThat(parse(args.toString()).get("city").asText()).isEqualTo("Paris");
        assertThat(events.get(events.size() - 2).json().at("/choices/0/finish_reason").asText())
                .isEqualTo("tool_calls");
    }

    @Test
    void mentionsImagePartsInTheReply() throws Exception {
        JsonNode json = parse(openai("/v1/chat/completions", "{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"user\","
                + "\"content\":[{\"type\":\"text\",\"text\":\"what is this\"},{\"type\":\"image_url\","
                + "\"image_url\":{\"url\":\"data:image/png;base64,iVBORw0KGgo=\"}}]}]}").body());
        assertThat(json.at("/choices/0/message/content").asText()).isEqualTo("Mock reply to: what is this [1 image]");
        assertThat(json.at("/usage/prompt_tokens").asInt()).isEqualTo(3 + 4 + 3 + 85);
    }

    @Test
    void reportsCachedTokensForLongSystemPrompts() throws Exception {
        String system = "x".repeat(4400);
        JsonNode json = parse(openai("/v1/chat/completions", "{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"system\","
                + "\"content\":\"" + system + "\"},{\"role\":\"user\",\"content\":\"hi\"}]}").body());
        assertThat(json.at("/usage/prompt_tokens_details/cached_tokens").asInt()).isEqualTo(1024);
    }

    @Test
    void rejectsMissingAndInvalidKeysWithoutEchoingThem() throws Exception {
        HttpResponse<String> missing = send("POST", "/openai/v1/chat/completions", HELLO + "}");
        assertThat(missing.statusCode()).isEqualTo(401);
        assertThat(parse(missing.body()).at("/error/code").asText()).isEqualTo("invalid_api_key");
        String key = "invalid-key-0123456789abcdef";
        HttpResponse<String> invalid = send("POST", "/openai/v1/chat/completions", HELLO + "}",
                "authorization", "Bearer " + key);
        assertThat(invalid.statusCode()).isEqualTo(401);
        JsonNode error = parse(invalid.body()).get("error");
        assertThat(error.get("type").asText()).isEqualTo("invalid_request_error");
        assertThat(error.get("code").asText()).isEqualTo("invalid_api_key");
        assertThat(error.get("param").isNull()).isTrue();
        assertThat(error.get("message").asText()).startsWith("Incorrect API key provided: ").doesNotContain(key);
    }

    @Test
    void validatesRequiredFieldsAndTypes() throws Exception {
        assertError(openai("/v1/chat/completions", "not json"), 400, null, null);
        assertError(openai("/v1/chat/completions", "{\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}"), 400, null,
                null);
        assertError(openai("/v1/chat/completions", "{\"model\":5,\"messages\":[]}"), 400, "model", "invalid_type");
        assertError(openai("/v1/chat/completions", "{\"model\":\"m\"}"), 400, "messages", "missing_required_parameter");
        assertError(openai("/v1/chat/completions", "{\"model\":\"m\",\"messages\":[]}"), 400, "messages", "empty_array");
        assertError(openai("/v1/chat/completions", "{\"model\":\"m\",\"messages\":[{\"role\":\"robot\",\"content\":\"x\"}]}"),
                400, "messages[0].role", "invalid_value");
        assertError(openai("/v1/chat/completions", HELLO + ",\"max_tokens\":\"ten\"}"), 400, "max_tokens", "invalid_type");
        assertError(openai("/v1/unknown", "{}"), 404, null, null);
    }

    @Test
    void rejectsPromptsLongerThanTheModelContext() throws Exception {
        HttpResponse<String> res = openai("/v1/chat/completions", "{\"model\":\"tiny-model\",\"messages\":[{\"role\":"
                + "\"user\",\"content\":\"" + "word ".repeat(60) + "\"}]}");
        assertError(res, 400, "messages", "context_length_exceeded");
        assertThat(parse(res.body()).at("/error/message").asText()).isEqualTo("This model's maximum context length is"
                + " 50 tokens. However, your messages resulted in 82 tokens. Please reduce the length of the messages.");
    }

    @Test
    void embedsDeterministicUnitVectorsAsFloats() throws Exception {
        HttpResponse<String> res = openai("/v1/embeddings", "{\"model\":\"text-embedding-3-small\","
                + "\"input\":[\"alpha\",\"beta gamma\"],\"dimensions\":8,\"encoding_format\":\"float\"}");
        assertThat(res.statusCode()).isEqualTo(200);
        JsonNode json = parse(res.body());
        assertThat(json.get("object").asText()).isEqualTo("list");
        assertThat(json.get("model").asText()).isEqualTo("text-embedding-3-small");
        assertThat(json.get("data")).hasSize(2);
        assertThat(json.at("/data/1/object").asText()).isEqualTo("embedding");
        assertThat(json.at("/data/1/index").asInt()).isEqualTo(1);
        assertThat(json.at("/usage/prompt_tokens").asInt()).isEqualTo(2 + 3);
        assertThat(json.at("/usage/total_tokens").asInt()).isEqualTo(5);
        JsonNode v = json.at("/data/0/embedding");
        assertThat(v).hasSize(8);
        double norm = 0;
        float[] expected = OpenAiMock.vector("alpha", 8);
        for (int i = 0; i < 8; i++) {
            norm += v.get(i).asDouble() * v.get(i).asDouble();
            assertThat((float) v.get(i).asDouble()).isEqualTo(expected[i]);
        }
        assertThat(norm).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-4));
        JsonNode again = parse(openai("/v1/embeddings", "{\"model\":\"m\",\"input\":\"alpha\",\"dimensions\":8}").body());
        assertThat(again.at("/data/0/embedding")).isEqualTo(v);
        JsonNode defaults = parse(openai("/v1/embeddings", "{\"model\":\"m\",\"input\":\"alpha\"}").body());
        assertThat(defaults.at("/data/0/embedding")).hasSize(1536);
    }

    @Test
    void embedsAsBase64LittleEndianFloat32() throws Exception {
        JsonNode json = parse(openai("/v1/embeddings", "{\"model\":\"m\",\"input\":\"alpha\",\"dimensions\":16,"
                + "\"encoding_format\":\"base64\"}").body());
        byte[] bytes = Base64.getDecoder().decode(json.at("/data/0/embedding").asText());
        assertThat(bytes).hasSize(64);
        ByteBuffer buf = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        float[] expected = OpenAiMock.vector("alpha", 16);
        for (int i = 0; i < 16; i++) {
            assertThat(buf.getFloat()).isEqualTo(expected[i]);
        }
        JsonNode tokens = parse(openai("/v1/embeddings", "{\"model\":\"m\",\"input\":[[1,2,3],[4]]}").body());
        assertThat(tokens.get("data")).hasSize(2);
        assertThat(tokens.at("/usage/prompt_tokens").asInt()).isEqualTo(4);
        assertError(openai("/v1/embeddings", "{\"model\":\"m\",\"input\":\"a\",\"encoding_format\":\"hex\"}"), 400,
                "encoding_format", "invalid_value");
    }

    @Test
    void listsModels() throws Exception {
        HttpResponse<String> res = send("GET", "/openai/v1/models", null, "authorization", "Bearer sk-1");
        JsonNode json = parse(res.body());
        assertThat(json.get("object").asText()).isEqualTo("list");
        assertThat(json.get("data")).isNotEmpty().allSatisfy(m -> {
            assertThat(m.get("object").asText()).isEqualTo("model");
            assertThat(m.has("id") && m.has("created") && m.has("owned_by")).isTrue();
        });
        assertThat(json.findValuesAsText("id")).contains("gpt-4o-mini", "tiny-model");
    }

    @Test
    void waitsLatencyAndTtftBeforeAnswering() throws Exception {
        long t0 = System.nanoTime();
        assertThat(openai("/v1/chat/completions", HELLO + "}", "x-mock-latency-ms", "200").statusCode()).isEqualTo(200);
        assertThat((System.nanoTime() - t0) / 1_000_000).isGreaterThanOrEqualTo(195);
        mock.settings().ttftMs(150).interTokenMs(20);
        t0 = System.nanoTime();
        assertThat(events(openai("/v1/chat/completions", HELLO + ",\"stream\":true}").body())).hasSize(8);
        // 150 ms to the first token, 4 x 20 ms between the 5 tokens
        assertThat((System.nanoTime() - t0) / 1_000_000).isGreaterThanOrEqualTo(225);
    }

    static void assertError(HttpResponse<String> res, int status, String param, String code) {
        assertThat(res.statusCode()).as(res.body()).isEqualTo(status);
        JsonNode error = parse(res.body()).get("error");
        assertThat(error.get("message").asText()).isNotEmpty();
        assertThat(error.get("type").asText()).isEqualTo("invalid_request_error");
        assertThat(error.get("param").isNull() ? null : error.get("param").asText()).isEqualTo(param);
        assertThat(error.get("code").isNull() ? null : error.get("code").asText()).isEqualTo(code);
    }
}
