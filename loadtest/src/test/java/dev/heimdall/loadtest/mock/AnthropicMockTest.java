package dev.heimdall.loadtest.mock;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;

class AnthropicMockTest extends MockHttp {
    private static final String HELLO = "{\"model\":\"claude-sonnet-4-5\",\"max_tokens\":100,"
            + "\"messages\":[{\"role\":\"user\",\"content\":\"hello there\"}]";
    private static final String TOOLS = "\"tools\":[{\"name\":\"get_weather\",\"description\":\"Weather\","
            + "\"input_schema\":{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"},"
            + "\"days\":{\"type\":\"integer\"}},\"required\":[\"city\"]}},{\"name\":\"get_time\","
            + "\"input_schema\":{\"type\":\"object\",\"properties\":{\"zone\":{\"type\":\"string\"}}}}]";

    @Test
    void answersMessageWithDeterministicReplyAndUsage() throws Exception {
        HttpResponse<String> res = anthropic("/v1/messages", HELLO + "}");
        assertThat(res.statusCode()).isEqualTo(200);
        assertThat(res.headers().firstValue("request-id")).isPresent();
        JsonNode json = parse(res.body());
        assertThat(json.get("id").asText()).startsWith("msg_");
        assertThat(json.get("type").asText()).isEqualTo("message");
        assertThat(json.get("role").asText()).isEqualTo("assistant");
        assertThat(json.get("model").asText()).isEqualTo("claude-sonnet-4-5");
        assertThat(json.get("content")).hasSize(1);
        assertThat(json.at("/content/0/type").asText()).isEqualTo("text");
        assertThat(json.at("/content/0/text").asText()).isEqualTo("Mock reply to: hello there");
        assertThat(json.get("stop_reason").asText()).isEqualTo("end_turn");
        assertThat(json.get("stop_sequence").isNull()).isTrue();
        JsonNode usage = json.get("usage");
        assertThat(usage.get("input_tokens").asInt()).isEqualTo(10);
        assertThat(usage.get("output_tokens").asInt()).isEqualTo(5);
        assertThat(usage.get("cache_creation_input_tokens").asInt()).isZero();
        assertThat(usage.get("cache_read_input_tokens").asInt()).isZero();
    }

    @Test
    void streamsTheExactEventSequence() throws Exception {
        HttpResponse<String> res = anthropic("/v1/messages", HELLO + ",\"stream\":true}");
        assertThat(res.headers().firstValue("content-type").orElseThrow()).startsWith("text/event-stream");
        List<Sse> events = events(res.body());
        assertThat(events).extracting(Sse::event).containsExactly("message_start", "content_block_start", "ping",
                "content_block_delta", "content_block_delta", "content_block_delta", "content_block_delta",
                "content_block_delta", "content_block_stop", "message_delta", "message_stop");
        assertThat(events).allSatisfy(e -> assertThat(e.json().get("type").asText()).isEqualTo(e.event()));
        JsonNode start = events.get(0).json().get("message");
        assertThat(start.get("id").asText()).startsWith("msg_");
        assertThat(start.get("content").isEmpty()).isTrue();
        assertThat(start.get("stop_reason").isNull()).isTrue();
        assertThat(start.at("/usage/input_tokens").asInt()).isEqualTo(10);
        JsonNode blockStart = events.get(1).json();
        assertThat(blockStart.get("index").asInt()).isZero();
        assertThat(blockStart.at("/content_block/type").asText()).isEqualTo("text");
        assertThat(blockStart.at("/content_block/text").asText()).isEmpty();
        StringBuilder text = new StringBuilder();
        for (Sse e : events.subList(3, 8)) {
            assertThat(e.json().at("/delta/type").asText()).isEqualTo("text_delta");
            text.append(e.json().at("/delta/text").asText());
        }
        assertThat(text).hasToString("Mock reply to: hello there");
        JsonNode delta = events.get(9).json();
        assertThat(delta.at("/delta/stop_reason").asText()).isEqualTo("end_turn");
        assertThat(delta.at("/delta/stop_sequence").isNull()).isTrue();
        assertThat(delta.at("/usage/output_tokens").asInt()).isEqualTo(5);
    }

    @Test
    void callsToolWithInputBuiltFromSchemaAndStreamsInputJsonDeltas() throws Exception {
        String body = "{\"model\":\"claude-sonnet-4-5\",\"max_tokens\":100,\"messages\":[{\"role\":\"user\","
                + "\"content\":\"Paris\"}]," + TOOLS;
        JsonNode json = parse(anthropic("/v1/messages", body + "}").body());
        assertThat(json.get("stop_reason").asText()).isEqualTo("tool_use");
        JsonNode block = json.at("/content/0");
        assertThat(block.get("type").asText()).isEqualTo("tool_use");
        assertThat(block.get("id").asText()).startsWith("toolu_");
        assertThat(block.get("name").asText()).isEqualTo("get_weather");
        assertThat(block.get("input")).isEqualTo(parse("{\"city\":\"Paris\",\"days\":1}"));

        List<Sse> events = events(anthropic("/v1/messages", body + ",\"stream\":true}").body());
        assertThat(events.get(1).json().at("/content_block/type").asText()).isEqualTo("tool_use");
        assertThat(events.get(1).json().at("/content_block/input").isEmpty()).isTrue();
        StringBuilder partial = new StringBuilder();
        events.stream().filter(e -> "content_block_delta".equals(e.event())).forEach(e -> {
            assertThat(e.json().at("/delta/type").asText()).isEqualTo("input_json_delta");
            partial.append(e.json().at("/delta/partial_json").asText());
        });
        assertThat(parse(partial.toString())).isEqualTo(parse("{\"city\":\"Paris\",\"days\":1}"));
        assertThat(events.get(events.size() - 2).json().at("/delta/stop_reason").asText()).isEqualTo("tool_use");
    }

    @Test
    void honoursToolChoice() throws Exception {
        String body = "{\"model\":\"claude-sonnet-4-5\",\"max_tokens\":100,\"messages\":[{\"role\":\"user\","
                + "\"content\":\"UTC\"}]," + TOOLS;
        JsonNode forced = parse(anthropic("/v1/messages", body + ",\"tool_choice\":{\"type\":\"tool\","
                + "\"name\":\"get_time\"}}").body());
        assertThat(forced.at("/content/0/name").asText()).isEqualTo("get_time");
        assertThat(forced.at("/content/0/input/zone").asText()).isEqualTo("UTC");
        JsonNode none = parse(anthropic("/v1/messages", body + ",\"tool_choice\":{\"type\":\"none\"}}").body());
        assertThat(none.at("/content/0/text").asText()).isEqualTo("Mock reply to: UTC");
    }

    @Test
    void answersToolResultWithItsContent() throws Exception {
        JsonNode json = parse(anthropic("/v1/messages", "{\"model\":\"claude-sonnet-4-5\",\"max_tokens\":100,"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"Paris\"},{\"role\":\"assistant\",\"content\":"
                + "[{\"type\":\"tool_use\",\"id\":\"toolu_1\",\"name\":\"get_weather\",\"input\":{\"city\":\"Paris\"}}]},"
                + "{\"role\":\"user\",\"content\":[{\"type\":\"tool_result\",\"tool_use_id\":\"toolu_1\","
                + "\"content\":[{\"type\":\"text\",\"text\":\"22 degrees\"}]}]}]," + TOOLS + "}").body());
        assertThat(json.at("/content/0/text").asText()).isEqualTo("Tool result was: 22 degrees");
        assertThat(json.get("stop_reason").asText()).isEqualTo("end_turn");
    }

    @Test
    void mentionsImagesAndAcceptsSystemBlocks() throws Exception {
        JsonNode json = parse(anthropic("/v1/messages", "{\"model\":\"claude-sonnet-4-5\",\"max_tokens\":100,"
                + "\"system\":[{\"type\":\"text\",\"text\":\"Be brief.\"}],\"messages\":[{\"role\":\"user\",\"content\":["
                + "{\"type\":\"image\",\"source\":{\"type\":\"base64\",\"media_type\":\"image/png\",\"data\":\"iVBO\"}},"
                + "{\"type\":\"image\",\"source\":{\"type\":\"url\",\"url\":\"https://example.com/a.png\"}},"
                + "{\"type\":\"text\",\"text\":\"compare\"}]}]}").body());
        assertThat(json.at("/content/0/text").asText()).isEqualTo("Mock reply to: compare [2 images]");
        // 3 + (4 + ceil(9/4)) system + (4 + ceil(7/4) + 2 x 85)
        assertThat(json.at("/usage/input_tokens").asInt()).isEqualTo(3 + 7 + 176);
    }

    @Test
    void stopSequencesAndMaxTokensSetTheStopReason() throws Exception {
        JsonNode stop = parse(anthropic("/v1/messages", HELLO + ",\"stop_sequences\":[\"to:\"]}").body());
        assertThat(stop.at("/content/0/text").asText()).isEqualTo("Mock reply ");
        assertThat(stop.get("stop_reason").asText()).isEqualTo("stop_sequence");
        assertThat(stop.get("stop_sequence").asText()).isEqualTo("to:");
        JsonNode max = parse(anthropic("/v1/messages", HELLO.replace("100", "2") + "}").body());
        assertThat(max.at("/content/0/text").asText()).isEqualTo("Mock reply");
        assertThat(max.get("stop_reason").asText()).isEqualTo("max_tokens");
        assertThat(max.at("/usage/output_tokens").asInt()).isEqualTo(2);
    }

    @Test
    void reportsCacheCreationThenCacheRead() throws Exception {
        String body = "{\"model\":\"claude-sonnet-4-5\",\"max_tokens\":100,\"system\":[{\"type\":\"text\",\"text\":\""
                + "y".repeat(400) + "\",\"cache_control\":{\"type\":\"ephemeral\"}}],\"messages\":[{\"role\":\"user\","
                + "\"content\":\"q" + System.nanoTime() + "\"}]}";
        JsonNode first = parse(anthropic("/v1/messages", body).body()).get("usage");
        assertThat(first.get("cache_creation_input_tokens").asInt()).isEqualTo(3 + 4 + 100);
        assertThat(first.get("cache_read_input_tokens").asInt()).isZero();
        JsonNode second = parse(anthropic("/v1/messages", body).body()).get("usage");
        assertThat(second.get("cache_creation_input_tokens").asInt()).isZero();
        assertThat(second.get("cache_read_input_tokens").asInt()).isEqualTo(107);
        assertThat(second.get("input_tokens").asInt()).isEqualTo(first.get("input_tokens").asInt());
    }

    @Test
    void countsTokens() throws Exception {
        HttpResponse<String> res = anthropic("/v1/messages/count_tokens", "{\"model\":\"claude-sonnet-4-5\","
                + "\"messages\":[{\"role\":\"user\",\"content\":\"hello there\"}]}");
        assertThat(res.statusCode()).isEqualTo(200);
        assertThat(parse(res.body())).isEqualTo(parse("{\"input_tokens\":10}"));
    }

    @Test
    void rejectsMissingOrInvalidKeyAndMissingVersion() throws Exception {
        assertError(send("POST", "/anthropic/v1/messages", HELLO + "}", "anthropic-version", "2023-06-01"), 401,
                "authentication_error", "x-api-key header is required");
        assertError(send("POST", "/anthropic/v1/messages", HELLO + "}", "anthropic-version", "2023-06-01",
                "x-api-key", "invalid-key"), 401, "authentication_error", "invalid x-api-key");
        assertError(send("POST", "/anthropic/v1/messages", HELLO + "}", "x-api-key", "k"), 400,
                "invalid_request_error", "anthropic-version: header is required");
    }

    @Test
    void validatesRequiredFields() throws Exception {
        assertError(anthropic("/v1/messages", "{\"max_tokens\":1,\"messages\":[]}"), 400, "invalid_request_error",
                "model: Field required");
        assertError(anthropic("/v1/messages", "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}"),
                400, "invalid_request_error", "max_tokens: Field required");
        assertError(anthropic("/v1/messages", "{\"model\":\"m\",\"max_tokens\":\"5\",\"messages\":[]}"), 400,
                "invalid_request_error", "max_tokens: Input should be a valid integer");
        assertError(anthropic("/v1/messages", "{\"model\":\"m\",\"max_tokens\":5}"), 400, "invalid_request_error",
                "messages: Field required");
        assertError(anthropic("/v1/messages", "{\"model\":\"m\",\"max_tokens\":5,\"messages\":[{\"role\":\"system\","
                + "\"content\":\"x\"}]}"), 400, "invalid_request_error", "messages.0.role: Input should be 'user' or "
                + "'assistant'");
        assertError(anthropic("/v1/messages", "{\"model\":\"m\",\"max_tokens\":5,\"messages\":[{\"role\":\"user\","
                + "\"content\":\"x\"}],\"tools\":[{\"name\":\"t\"}]}"), 400, "invalid_request_error",
                "tools.0.input_schema: Field required");
        assertThat(anthropic("/v1/messages", "{nope").statusCode()).isEqualTo(400);
        assertError(anthropic("/v1/nothing", "{}"), 404, "not_found_error", "Not Found");
    }

    @Test
    void rejectsPromptsLongerThanTheModelContext() throws Exception {
        assertError(anthropic("/v1/messages", "{\"model\":\"tiny-model\",\"max_tokens\":5,\"messages\":[{\"role\":"
                + "\"user\",\"content\":\"" + "word ".repeat(60) + "\"}]}"), 400, "invalid_request_error",
                "prompt is too long: 82 tokens > 50 maximum");
    }

    static void assertError(HttpResponse<String> res, int status, String type, String message) {
        assertThat(res.statusCode()).as(res.body()).isEqualTo(status);
        JsonNode json = parse(res.body());
        assertThat(json.get("type").asText()).isEqualTo("error");
        assertThat(json.at("/error/type").asText()).isEqualTo(type);
        assertThat(json.at("/error/message").asText()).isEqualTo(message);
        assertThat(json.get("request_id").asText()).startsWith("req_");
    }
}
