package dev.heimdall.providers.openai.responses;

import com.fasterxml.jackson.databind.JsonNode;
import com.openai.core.ObjectMappers;
import com.openai.models.responses.Response;
import dev.heimdall.providers.Fixtures;
import dev.heimdall.providers.canonical.ChatResponse;
import dev.heimdall.providers.canonical.ContentPart;
import dev.heimdall.providers.canonical.FinishReason;
import dev.heimdall.providers.canonical.Message;
import dev.heimdall.providers.canonical.Role;
import dev.heimdall.providers.canonical.ToolCall;
import dev.heimdall.providers.canonical.Usage;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ResponsesRendererTest {

    private static final ResponsesRequest REQUEST = ResponsesParser.parse(Fixtures.json("""
            {"model":"smart","input":"hi","instructions":"Be terse.","temperature":0.5,"max_output_tokens":64,
             "tools":[{"type":"function","name":"get_weather","parameters":{"type":"object"},"strict":true}],
             "tool_choice":"required","parallel_tool_calls":false,"metadata":{"team":"a"},"store":true,
             "reasoning":{"effort":"low"}}"""));

    private static ChatResponse chat(Message message, FinishReason reason) {
        return new ChatResponse("up-1", "gpt-4o-mini", 1, List.of(new ChatResponse.Choice(0, message, reason)),
                new Usage(12, 7, 2, 0, 3));
    }

    @Test
    void rendersTextAndToolCallsAsOutputItemsWithTheRequestEchoed() {
        Message message = new Message(Role.ASSISTANT, List.of(new ContentPart.Text("Checking.")), null,
                List.of(new ToolCall("call_1", "get_weather", "{\"city\":\"Paris\"}")), null);
        JsonNode r = ResponsesRenderer.render(chat(message, FinishReason.TOOL_CALLS), REQUEST, "resp_x", "gpt-4o-mini",
                1700000000L);

        // compared as text: the renderer writes created_at as a long, the parser reads small numbers as ints
        assertThat(r.toString()).isEqualTo(Fixtures.json("""
                {"id":"resp_x","object":"response","created_at":1700000000,"status":"completed","background":false,
                 "error":null,"incomplete_details":null,"instructions":"Be terse.","max_output_tokens":64,
                 "model":"gpt-4o-mini",
                 "output":[
                   {"id":"msg_x_0","type":"message","status":"completed","role":"assistant",
                    "content":[{"type":"output_text","text":"Checking.","annotations":[],"logprobs":[]}]},
                   {"id":"fc_x_1","type":"function_call","status":"completed","call_id":"call_1","name":"get_weather",
                    "arguments":"{\\"city\\":\\"Paris\\"}"}],
                 "parallel_tool_calls":false,"previous_response_id":null,"reasoning":{"effort":"low","summary":null},
                 "store":false,"temperature":0.5,"text":{"format":{"type":"text"}},"tool_choice":"required",
                 "tools":[{"type":"function","name":"get_weather","parameters":{"type":"object"},"strict":true}],
                 "top_p":null,"truncation":"disabled",
                 "usage":{"input_tokens":12,"input_tokens_details":{"cached_tokens":2},"output_tokens":7,
                          "output_tokens_details":{"reasoning_tokens":3},"total_tokens":19},
                 "user":null,"metadata":{"team":"a"}}""").toString());
        Response typed = ObjectMappers.jsonMapper().convertValue(r, Response.class);
        typed.validate();
        assertThat(typed.output().get(0).asMessage().content().get(0).asOutputText().text()).isEqualTo("Checking.");
        assertThat(typed.output().get(1).asFunctionCall().callId()).isEqualTo("call_1");
    }

    @Test
    void aToolOnlyAnswerHasNoMessageItem() {
        Message message = new Message(Role.ASSISTANT, List.of(), null,
                List.of(new ToolCall("call_1", "get_weather", "{}")), null);
        JsonNode r = ResponsesRenderer.render(chat(message, FinishReason.TOOL_CALLS), REQUEST, "resp_x", "m", 1L);
        assertThat(r.path("output")).singleElement()
                .satisfies(item -> assertThat(item.path("type").asText()).isEqualTo("function_call"));
    }

    @Test
    void aLengthCutIsIncompleteWithTheReason() {
        JsonNode r = ResponsesRenderer.render(chat(Message.text(Role.ASSISTANT, "Mock reply"), FinishReason.LENGTH),
                REQUEST, "resp_x", "m", 1L);
        assertThat(r.path("status").asText()).isEqualTo("incomplete");
        assertThat(r.path("incomplete_details")).isEqualTo(Fixtures.json("{\"reason\":\"max_output_tokens\"}"));
        ObjectMappers.jsonMapper().convertValue(r, Response.class).validate();
    }
}
