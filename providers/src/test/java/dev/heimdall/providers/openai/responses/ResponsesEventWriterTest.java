package dev.heimdall.providers.openai.responses;

import com.fasterxml.jackson.databind.JsonNode;
import com.openai.core.ObjectMappers;
import com.openai.models.responses.ResponseStreamEvent;
import dev.heimdall.providers.Fixtures;
import dev.heimdall.providers.canonical.FinishReason;
import dev.heimdall.providers.canonical.StreamEvent;
import dev.heimdall.providers.canonical.Usage;
import dev.heimdall.providers.spi.ProviderError;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ResponsesEventWriterTest {

    private static final ResponsesRequest REQUEST = ResponsesParser.parse(Fixtures.json("""
            {"model":"smart","input":"hi","instructions":"Be terse.","stream":true,
             "tools":[{"type":"function","name":"get_weather","parameters":{"type":"object"}}]}"""));

    /** The frames of one stream, checked for framing, parsed to their JSON. */
    private static List<JsonNode> write(ResponsesEventWriter writer, boolean end, StreamEvent... events) {
        StringBuilder sse = new StringBuilder();
        for (StreamEvent e : events) {
            sse.append(new String(writer.frames(e), StandardCharsets.UTF_8));
        }
        if (end) {
            sse.append(new String(writer.end(), StandardCharsets.UTF_8));
        }
        assertThat(sse.toString()).doesNotContain("[DONE]").endsWith("\n\n");
        List<JsonNode> parsed = new ArrayList<>();
        for (String frame : sse.toString().split("\n\n")) {
            String[] lines = frame.split("\n");
            assertThat(lines).hasSize(2);
            assertThat(lines[0]).startsWith("event: ");
            assertThat(lines[1]).startsWith("data: ");
            JsonNode json = Fixtures.json(lines[1].substring(6));
            assertThat(json.path("type").asText()).isEqualTo(lines[0].substring(7));
            assertThat(json.path("sequence_number").asInt()).as("sequence numbers count up from 0")
                    .isEqualTo(parsed.size());
            // the official SDK must read every event as its typed event
            ResponseStreamEvent typed = ObjectMappers.jsonMapper().convertValue(json, ResponseStreamEvent.class);
            assertThat(typed.isValid()).as("SDK reads %s", json).isTrue();
            parsed.add(json);
        }
        return parsed;
    }

    private static List<String> types(List<JsonNode> events) {
        return events.stream().map(e -> e.path("type").asText()).toList();
    }

    private static ResponsesEventWriter writer() {
        return new ResponsesEventWriter(REQUEST, "resp_abc", "gpt-4o-mini", 1700000000L);
    }

    @Test
    void textStream() {
        List<JsonNode> events = write(writer(), true,
                new StreamEvent.Start("up-1", "gpt-4o-mini"),
                new StreamEvent.TextDelta(0, "Hel"),
                new StreamEvent.TextDelta(0, "lo ☀️"),
                new StreamEvent.Finish(0, FinishReason.STOP),
                new StreamEvent.UsageReport(new Usage(10, 3, 4, 0, 1)));

        assertThat(types(events)).containsExactly("response.created", "response.in_progress",
                "response.output_item.added", "response.content_part.added", "response.output_text.delta",
                "response.output_text.delta", "response.output_text.done", "response.content_part.done",
                "response.output_item.done", "response.completed");
        JsonNode created = events.get(0).path("response");
        assertThat(created.path("id").asText()).isEqualTo("resp_abc");
        assertThat(created.path("status").asText()).isEqualTo("in_progress");
        assertThat(created.path("output")).isEmpty();
        assertThat(created.path("usage").isNull()).isTrue();
        assertThat(created.path("instructions").asText()).isEqualTo("Be terse.");
        assertThat(created.path("store").asBoolean(true)).isFalse();

        assertThat(events.get(2).toString()).isEqualTo("{\"type\":\"response.output_item.added\",\"sequence_number\":2,"
                + "\"output_index\":0,\"item\":{\"id\":\"msg_abc_0\",\"type\":\"message\",\"status\":\"in_progress\","
                + "\"role\":\"assistant\",\"content\":[]}}");
        assertThat(events.get(4).toString()).isEqualTo("{\"type\":\"response.output_text.delta\",\"sequence_number\":4,"
                + "\"item_id\":\"msg_abc_0\",\"output_index\":0,\"content_index\":0,\"delta\":\"Hel\",\"logprobs\":[]}");
        assertThat(events.get(5).path("delta").asText()).isEqualTo("lo ☀️");
        assertThat(events.get(6).path("text").asText()).isEqualTo("Hello ☀️");
        assertThat(events.get(7).path("part").path("text").asText()).isEqualTo("Hello ☀️");
        assertThat(events.get(8).path("item").path("status").asText()).isEqualTo("completed");

        JsonNode done = events.get(9).path("response");
        assertThat(done.path("status").asText()).isEqualTo("completed");
        assertThat(done.path("incomplete_details").isNull()).isTrue();
        assertThat(done.path("output")).singleElement().satisfies(item ->
                assertThat(item.path("content").get(0).path("text").asText()).isEqualTo("Hello ☀️"));
        assertThat(done.path("usage")).isEqualTo(Fixtures.json("""
                {"input_tokens":10,"input_tokens_details":{"cached_tokens":4},"output_tokens":3,
                 "output_tokens_details":{"reasoning_tokens":1},"total_tokens":13}"""));
    }

    @Test
    void toolCallStreamAfterText() {
        List<JsonNode> events = write(writer(), true,
                new StreamEvent.Start("up-1", "m"),
                new StreamEvent.TextDelta(0, "Let me check."),
                new StreamEvent.ToolCallStart(0, 0, "call_1", "get_weather"),
                new StreamEvent.ToolCallDelta(0, 0, "{\"city\":"),
                new StreamEvent.ToolCallDelta(0, 0, "\"Paris\"}"),
                new StreamEvent.Finish(0, FinishReason.TOOL_CALLS),
                new StreamEvent.UsageReport(Usage.of(20, 9)));

        assertThat(types(events)).containsExactly("response.created", "response.in_progress",
                "response.output_item.added", "response.content_part.added", "response.output_text.delta",
                "response.output_text.done", "response.content_part.done", "response.output_item.done",
                "response.output_item.added", "response.function_call_arguments.delta",
                "response.function_call_arguments.delta", "response.function_call_arguments.done",
                "response.output_item.done", "response.completed");
        assertThat(events.get(8).toString()).isEqualTo("{\"type\":\"response.output_item.added\",\"sequence_number\":8,"
                + "\"output_index\":1,\"item\":{\"id\":\"fc_abc_1\",\"type\":\"function_call\",\"status\":\"in_progress\","
                + "\"call_id\":\"call_1\",\"name\":\"get_weather\",\"arguments\":\"\"}}");
        assertThat(events.get(9).toString()).isEqualTo("{\"type\":\"response.function_call_arguments.delta\","
                + "\"sequence_number\":9,\"output_index\":1,\"item_id\":\"fc_abc_1\",\"delta\":\"{\\\"city\\\":\"}");
        assertThat(events.get(11).path("arguments").asText()).isEqualTo("{\"city\":\"Paris\"}");
        assertThat(events.get(11).path("name").asText()).isEqualTo("get_weather");
        JsonNode response = events.get(13).path("response");
        assertThat(response.path("status").asText()).isEqualTo("completed");
        assertThat(response.path("output")).hasSize(2);
        assertThat(response.path("output").get(1)).isEqualTo(Fixtures.json("""
                {"id":"fc_abc_1","type":"function_call","status":"completed","call_id":"call_1",
                 "name":"get_weather","arguments":"{\\"city\\":\\"Paris\\"}"}"""));
        assertThat(response.path("usage").path("total_tokens").asInt()).isEqualTo(29);
    }

    @Test
    void parallelToolCallsStayOpenUntilTheChoiceFinishes() {
        List<JsonNode> events = write(writer(), true,
                new StreamEvent.ToolCallStart(0, 0, "call_1", "get_weather"),
                new StreamEvent.ToolCallStart(0, 1, "call_2", "get_weather"),
                new StreamEvent.ToolCallDelta(0, 0, "{}"),
                new StreamEvent.ToolCallDelta(0, 1, "{\"a\":1}"),
                new StreamEvent.Finish(0, FinishReason.TOOL_CALLS));

        assertThat(types(events)).containsExactly("response.created", "response.in_progress",
                "response.output_item.added", "response.output_item.added", "response.function_call_arguments.delta",
                "response.function_call_arguments.delta", "response.function_call_arguments.done",
                "response.output_item.done", "response.function_call_arguments.done", "response.output_item.done",
                "response.completed");
        assertThat(events.get(5).path("item_id").asText()).isEqualTo("fc_abc_1");
        assertThat(events.get(8).path("arguments").asText()).isEqualTo("{\"a\":1}");
        assertThat(events.get(10).path("response").path("output")).extracting(i -> i.path("call_id").asText())
                .containsExactly("call_1", "call_2");
        assertThat(events.get(10).path("response").path("usage").isNull()).as("no usage reported").isTrue();
    }

    @Test
    void aLengthCutEndsIncomplete() {
        List<JsonNode> events = write(writer(), true,
                new StreamEvent.TextDelta(0, "Mock"),
                new StreamEvent.Finish(0, FinishReason.LENGTH),
                new StreamEvent.UsageReport(Usage.of(5, 1)));

        JsonNode last = events.get(events.size() - 1);
        assertThat(last.path("type").asText()).isEqualTo("response.incomplete");
        assertThat(last.path("response").path("status").asText()).isEqualTo("incomplete");
        assertThat(last.path("response").path("incomplete_details").path("reason").asText())
                .isEqualTo("max_output_tokens");
        assertThat(last.path("response").path("usage").path("output_tokens").asInt()).isEqualTo(1);
    }

    @Test
    void anUpstreamFailureMidStreamEndsWithErrorAndResponseFailed() {
        ResponsesEventWriter writer = writer();
        List<JsonNode> events = write(writer, false,
                new StreamEvent.TextDelta(0, "Mock"),
                new StreamEvent.Failure(new ProviderError.ProtocolError("upstream stream broke off")));

        assertThat(types(events)).containsExactly("response.created", "response.in_progress",
                "response.output_item.added", "response.content_part.added", "response.output_text.delta",
                "error", "response.failed");
        assertThat(events.get(5).toString()).isEqualTo("{\"type\":\"error\",\"sequence_number\":5,"
                + "\"code\":\"server_error\",\"message\":\"upstream stream broke off\",\"param\":null}");
        JsonNode failed = events.get(6).path("response");
        assertThat(failed.path("status").asText()).isEqualTo("failed");
        assertThat(failed.path("error")).isEqualTo(Fixtures.json(
                "{\"code\":\"server_error\",\"message\":\"upstream stream broke off\"}"));
        assertThat(writer.end()).as("nothing after the terminal event").isEmpty();
        assertThat(writer.frames(new StreamEvent.TextDelta(0, "late"))).isEmpty();
    }

    @Test
    void rateLimitFailureUsesOpenAisCode() {
        List<JsonNode> events = write(writer(), false, new StreamEvent.Failure(
                new ProviderError.RateLimited("slow down", 429, null)));
        assertThat(types(events)).containsExactly("response.created", "response.in_progress", "error",
                "response.failed");
        assertThat(events.get(3).path("response").path("error").path("code").asText())
                .isEqualTo("rate_limit_exceeded");
    }

    @Test
    void anEmptyStreamStillCompletes() {
        List<JsonNode> events = write(writer(), true);
        assertThat(types(events)).containsExactly("response.created", "response.in_progress", "response.completed");
    }
}
