package dev.heimdall.providers.openai.responses;

import dev.heimdall.providers.Fixtures;
import dev.heimdall.providers.canonical.ChatRequest;
import dev.heimdall.providers.canonical.ContentPart;
import dev.heimdall.providers.canonical.Message;
import dev.heimdall.providers.canonical.Role;
import dev.heimdall.providers.canonical.ToolCall;
import dev.heimdall.providers.canonical.ToolChoice;
import dev.heimdall.providers.spi.InvalidRequestException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class ResponsesParserTest {

    /** A request in the shape of the Responses API reference: a conversation with a tool round trip. */
    private static final String FULL = """
            {
              "model": "smart",
              "instructions": "You are a weather bot.",
              "input": [
                {"role": "developer", "content": "Answer in English."},
                {"type": "message", "role": "user", "content": [
                  {"type": "input_text", "text": "Weather in Paris? And this:"},
                  {"type": "input_image", "image_url": "data:image/png;base64,iVBORw0KGgo=", "detail": "low"}
                ]},
                {"type": "reasoning", "id": "rs_1", "summary": [], "encrypted_content": "gAAAA"},
                {"type": "message", "role": "assistant", "content": [{"type": "output_text", "text": "Checking."}]},
                {"type": "function_call", "call_id": "call_1", "name": "get_weather", "arguments": "{\\"city\\":\\"Paris\\"}"},
                {"type": "function_call", "call_id": "call_2", "name": "get_weather", "arguments": "{\\"city\\":\\"Oslo\\"}"},
                {"type": "function_call_output", "call_id": "call_1", "output": "sunny"},
                {"type": "function_call_output", "call_id": "call_2", "output": [{"type": "input_text", "text": "rain"}]}
              ],
              "tools": [{"type": "function", "name": "get_weather", "description": "Current weather",
                         "parameters": {"type": "object", "properties": {"city": {"type": "string"}}}, "strict": true}],
              "tool_choice": {"type": "function", "name": "get_weather"},
              "parallel_tool_calls": false,
              "max_output_tokens": 500,
              "temperature": 0.2,
              "top_p": 0.9,
              "reasoning": {"effort": "low", "summary": "auto"},
              "text": {"format": {"type": "json_schema", "name": "weather", "strict": true,
                                  "schema": {"type": "object", "properties": {}}}},
              "metadata": {"team": "a"},
              "user": "u-1",
              "store": true,
              "stream": true,
              "include": ["reasoning.encrypted_content"]
            }
            """;

    @Test
    void translatesAFullConversationToCanonicalMessages() {
        ResponsesRequest parsed = ResponsesParser.parse(Fixtures.json(FULL));
        ChatRequest r = parsed.chat();

        assertThat(r.model()).isEqualTo("smart");
        assertThat(r.messages()).extracting(Message::role).containsExactly(Role.SYSTEM, Role.SYSTEM, Role.USER,
                Role.ASSISTANT, Role.TOOL, Role.TOOL);
        assertThat(r.messages().get(0).text()).isEqualTo("You are a weather bot.");
        assertThat(r.messages().get(1).text()).isEqualTo("Answer in English.");
        assertThat(r.messages().get(2).content()).containsExactly(new ContentPart.Text("Weather in Paris? And this:"),
                new ContentPart.Image(null, "image/png", "iVBORw0KGgo=", "low"));
        Message assistant = r.messages().get(3);
        assertThat(assistant.text()).isEqualTo("Checking.");
        assertThat(assistant.toolCalls()).containsExactly(
                new ToolCall("call_1", "get_weather", "{\"city\":\"Paris\"}"),
                new ToolCall("call_2", "get_weather", "{\"city\":\"Oslo\"}"));
        assertThat(r.messages().get(4).toolCallId()).isEqualTo("call_1");
        assertThat(r.messages().get(4).text()).isEqualTo("sunny");
        assertThat(r.messages().get(5).text()).isEqualTo("rain");
        assertThat(r.tools()).singleElement().satisfies(t -> {
            assertThat(t.name()).isEqualTo("get_weather");
            assertThat(t.description()).isEqualTo("Current weather");
            assertThat(t.parameters().path("type").asText()).isEqualTo("object");
        });
        assertThat(r.toolChoice()).isEqualTo(ToolChoice.tool("get_weather"));
        assertThat(r.parallelToolCalls()).isFalse();
        assertThat(r.maxTokens()).isEqualTo(500);
        assertThat(r.temperature()).isEqualTo(0.2);
        assertThat(r.topP()).isEqualTo(0.9);
        assertThat(r.reasoningEffort()).isEqualTo("low");
        assertThat(r.responseFormat()).isEqualTo(Fixtures.json("""
                {"type":"json_schema","json_schema":{"name":"weather","schema":{"type":"object","properties":{}},"strict":true}}"""));
        assertThat(r.metadata()).isEqualTo(Map.of("team", "a"));
        assertThat(r.user()).isEqualTo("u-1");
        assertThat(r.stream()).isTrue();
        assertThat(r.includeUsage()).as("usage is always needed for response.completed").isTrue();
        assertThat(r.openAiBody()).as("OpenAI upstreams get a Chat Completions body, not this one").isNull();

        assertThat(parsed.instructions()).isEqualTo("You are a weather bot.");
        assertThat(parsed.tools()).hasSize(1);
        assertThat(parsed.tools().get(0).path("strict").asBoolean()).isTrue();
        assertThat(parsed.toolChoice().path("name").asText()).isEqualTo("get_weather");
        assertThat(parsed.reasoning().path("summary").asText()).isEqualTo("auto");
        assertThat(parsed.textFormat().path("name").asText()).isEqualTo("weather");
    }

    @Test
    void aStringInputIsOneUserMessage() {
        ResponsesRequest parsed = ResponsesParser.parse(Fixtures.json("""
                {"model":"m","input":"hello","text":{"format":{"type":"text"}},"tool_choice":"auto"}"""));

        assertThat(parsed.chat().messages()).containsExactly(Message.text(Role.USER, "hello"));
        assertThat(parsed.chat().stream()).isFalse();
        assertThat(parsed.chat().responseFormat()).isNull();
        assertThat(parsed.chat().toolChoice()).as("no tools: nothing to choose from").isNull();
        assertThat(parsed.instructions()).isNull();
        assertThat(parsed.tools()).isEmpty();
    }

    @Test
    void jsonObjectFormatBecomesAChatResponseFormat() {
        ResponsesRequest parsed = ResponsesParser.parse(Fixtures.json("""
                {"model":"m","input":"x","text":{"format":{"type":"json_object"}}}"""));
        assertThat(parsed.chat().responseFormat()).isEqualTo(Fixtures.json("{\"type\":\"json_object\"}"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            {"input":"x"}                                              | model | model is required
            {"model":"m"}                                              | input | input is required: the gateway is stateless, send the full conversation as input
            {"model":"m","input":5}                                    | input | input must be a string or an array of input items
            {"model":"m","input":[]}                                   | input | input must contain at least one item
            {"model":"m","input":["hi"]}                               | input[0] | input[0] must be an object
            {"model":"m","input":[{"role":"bot","content":"x"}]}       | input[0].role | input[0].role must be one of user, assistant, system, developer
            {"model":"m","input":[{"content":"x"}]}                    | input[0].role | input[0].role is required
            {"model":"m","input":[{"role":"user"}]}                    | input[0].content | input[0].content is required
            {"model":"m","input":[{"role":"user","content":7}]}        | input[0].content | input[0].content must be a string or an array of content parts
            {"model":"m","input":[{"role":"user","content":[{"type":"input_audio"}]}]} | input[0].content[0].type | input[0].content[0].type 'input_audio' is not supported by the gateway; supported: input_text, output_text, refusal, input_image
            {"model":"m","input":[{"role":"user","content":[{"type":"input_text"}]}]} | input[0].content[0].text | input[0].content[0].text is required
            {"model":"m","input":[{"role":"user","content":[{"type":"input_image","file_id":"file-1"}]}]} | input[0].content[0].file_id | input[0].content[0].file_id is not supported by the gateway (it stores no files): send image_url as an https or data: URL
            {"model":"m","input":[{"role":"system","content":[{"type":"input_image","image_url":"u"}]}]} | input[0].content[0].type | input[0].content[0].type 'input_image' is only allowed in a user message
            {"model":"m","input":[{"type":"function_call","name":"f","arguments":"{}"}]} | input[0].call_id | input[0].call_id is required
            {"model":"m","input":[{"type":"function_call","call_id":"c","name":"f","arguments":{}}]} | input[0].arguments | input[0].arguments must be a string
            {"model":"m","input":[{"type":"function_call_output","call_id":"c"}]} | input[0].output | input[0].output is required
            {"model":"m","input":[{"type":"function_call_output","call_id":"c","output":[{"type":"input_image"}]}]} | input[0].output[0] | input[0].output[0] must be an input_text part: only text tool outputs are supported by the gateway
            {"model":"m","input":[{"type":"item_reference","id":"msg_1"}]} | input[0].type | stateful Responses features (previous_response_id, conversation, stored responses) are not supported: send the full input
            {"model":"m","input":[{"type":"web_search_call","id":"ws_1"}]} | input[0].type | input[0].type 'web_search_call' is not supported by the gateway; supported: message, function_call, function_call_output, reasoning (ignored)
            {"model":"m","input":"x","previous_response_id":"resp_1"}  | previous_response_id | stateful Responses features (previous_response_id, conversation, stored responses) are not supported: send the full input
            {"model":"m","input":"x","conversation":"conv_1"}          | conversation | stateful Responses features (previous_response_id, conversation, stored responses) are not supported: send the full input
            {"model":"m","input":"x","prompt":{"id":"pmpt_1"}}         | prompt | prompt templates are stored at OpenAI and not supported by the gateway: send instructions and input instead
            {"model":"m","input":"x","background":true}                | background | background responses are not supported by the gateway: it stores no responses to poll
            {"model":"m","input":"x","store":"yes"}                    | store | store must be a boolean
            {"model":"m","input":"x","instructions":1}                 | instructions | instructions must be a string
            {"model":"m","input":"x","tools":[{"type":"web_search"}]}  | tools[0].type | tools[0].type 'web_search' is not supported by the gateway: only function tools are (hosted tools such as web_search, file_search and computer_use run inside OpenAI)
            {"model":"m","input":"x","tools":[{"type":"function"}]}    | tools[0].name | tools[0].name is required
            {"model":"m","input":"x","tools":[{"type":"function","name":"a b"}]} | tools[0].name | tools[0].name must match ^[a-zA-Z0-9_-]{1,64}$
            {"model":"m","input":"x","tools":[{"type":"function","name":"f","parameters":[]}]} | tools[0].parameters | tools[0].parameters must be an object (a JSON schema)
            {"model":"m","input":"x","tools":[{"type":"function","name":"f","strict":"y"}]} | tools[0].strict | tools[0].strict must be a boolean
            {"model":"m","input":"x","tools":[{"type":"function","name":"f"}],"tool_choice":"any"} | tool_choice | tool_choice must be one of none, auto, required, or {"type":"function","name":...}
            {"model":"m","input":"x","tools":[{"type":"function","name":"f"}],"tool_choice":{"type":"function","name":"g"}} | tool_choice.name | tool_choice.name 'g' is not one of the tools
            {"model":"m","input":"x","tools":[{"type":"function","name":"f"}],"tool_choice":{"type":"file_search"}} | tool_choice.type | tool_choice.type 'file_search' is not supported by the gateway: only function tools are
            {"model":"m","input":"x","tool_choice":"required"}         | tool_choice | tool_choice 'required' needs at least one tool
            {"model":"m","input":"x","temperature":3}                  | temperature | temperature must be between 0 and 2, got 3
            {"model":"m","input":"x","top_p":"1"}                      | top_p | top_p must be a number
            {"model":"m","input":"x","max_output_tokens":0}            | max_output_tokens | max_output_tokens must be a positive integer, got 0
            {"model":"m","input":"x","max_output_tokens":1.5}          | max_output_tokens | max_output_tokens must be an integer
            {"model":"m","input":"x","stream":"true"}                  | stream | stream must be a boolean
            {"model":"m","input":"x","parallel_tool_calls":1}          | parallel_tool_calls | parallel_tool_calls must be a boolean
            {"model":"m","input":"x","reasoning":"high"}               | reasoning | reasoning must be an object
            {"model":"m","input":"x","reasoning":{"effort":1}}         | reasoning.effort | reasoning.effort must be a string
            {"model":"m","input":"x","text":{"format":{"type":"xml"}}} | text.format.type | text.format.type must be one of text, json_object, json_schema
            {"model":"m","input":"x","text":{"format":{"type":"json_schema","name":"n"}}} | text.format.schema | text.format.schema must be an object
            {"model":"m","input":"x","text":{"format":{"type":"json_schema","schema":{}}}} | text.format.name | text.format.name is required
            {"model":"m","input":"x","metadata":{"a":1}}               | metadata.a | metadata.a must be a string
            """)
    void rejectsInvalidRequestsNamingTheParameter(String body, String param, String message) {
        InvalidRequestException e = catchThrowableOfType(InvalidRequestException.class,
                () -> ResponsesParser.parse(Fixtures.json(body)));
        assertThat(e).as("expected a rejection of %s", body).isNotNull();
        assertThat(e.param()).isEqualTo(param);
        assertThat(e.getMessage()).isEqualTo(message);
    }

    @Test
    void aFunctionCallAfterAUserMessageStartsAnAssistantTurn() {
        ChatRequest r = ResponsesParser.parse(Fixtures.json("""
                {"model":"m","input":[{"role":"user","content":"hi"},
                  {"type":"function_call","call_id":"c1","name":"f","arguments":"{}"},
                  {"type":"function_call_output","call_id":"c1","output":"done"}]}""")).chat();

        assertThat(r.messages()).containsExactly(Message.text(Role.USER, "hi"),
                new Message(Role.ASSISTANT, List.of(), null, List.of(new ToolCall("c1", "f", "{}")), null),
                new Message(Role.TOOL, List.of(new ContentPart.Text("done")), null, List.of(), "c1"));
    }
}
