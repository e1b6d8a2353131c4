package dev.heimdall.providers.openai;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.heimdall.providers.Fixtures;
import dev.heimdall.providers.canonical.ChatRequest;
import dev.heimdall.providers.canonical.ContentPart;
import dev.heimdall.providers.canonical.Role;
import dev.heimdall.providers.canonical.ToolCall;
import dev.heimdall.providers.canonical.ToolChoice;
import dev.heimdall.providers.spi.InvalidRequestException;
import dev.heimdall.providers.spi.TargetContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class OpenAiChatParserTest {

    private static final String OK_MESSAGES = "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]";

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            {}                                                        | model    | model is required
            {"model":null,"messages":[]}                              | model    | model is required
            {"model":4,"messages":[]}                                 | model    | model must be a string
            {"model":"m"}                                             | messages | messages is required
            {"model":"m","messages":{"role":"user"}}                  | messages | messages must be an array
            {"model":"m","messages":[]}                               | messages | messages must contain at least one message
            {"model":"m","messages":["hi"]}                           | messages[0] | messages[0] must be an object
            {"model":"m","messages":[{"content":"x"}]}                | messages[0].role | messages[0].role is required
            {"model":"m","messages":[{"role":"user","content":"a"},{"role":"user","content":"b"},{"role":"bot","content":"x"}]} | messages[2].role | messages[2].role must be one of system, developer, user, assistant, tool
            {"model":"m","messages":[{"role":7,"content":"x"}]}       | messages[0].role | messages[0].role must be one of system, developer, user, assistant, tool
            {"model":"m","messages":[{"role":"function","name":"f","content":"x"}]} | messages[0].role | messages[0].role 'function' is deprecated and not supported; use 'tool' with tool_call_id
            {"model":"m","messages":[{"role":"user"}]}                | messages[0].content | messages[0].content is required
            {"model":"m","messages":[{"role":"assistant"}]}           | messages[0].content | messages[0].content is required
            {"model":"m","messages":[{"role":"user","content":5}]}    | messages[0].content | messages[0].content must be a string or an array of content parts
            {"model":"m","messages":[{"role":"user","content":[{"type":"audio"}]}]} | messages[0].content[0].type | messages[0].content[0].type 'audio' is not supported; supported: text, image_url
            {"model":"m","messages":[{"role":"system","content":[{"type":"image_url","image_url":{"url":"u"}}]}]} | messages[0].content[0].type | messages[0].content[0].type 'image_url' is not allowed in a system message; supported: text
            {"model":"m","messages":[{"role":"user","content":[{"type":"text"}]}]} | messages[0].content[0].text | messages[0].content[0].text is required
            {"model":"m","messages":[{"role":"user","content":[{"type":"image_url","image_url":"u"}]}]} | messages[0].content[0].image_url | messages[0].content[0].image_url must be an object
            {"model":"m","messages":[{"role":"user","content":[{"type":"image_url","image_url":{"url":"u","detail":"max"}}]}]} | messages[0].content[0].image_url.detail | messages[0].content[0].image_url.detail must be one of auto, low, high
            {"model":"m","messages":[{"role":"tool","content":"r"}]}  | messages[0].tool_call_id | messages[0].tool_call_id is required
            {"model":"m","messages":[{"role":"assistant","tool_calls":{}}]} | messages[0].tool_calls | messages[0].tool_calls must be an array
            {"model":"m","messages":[{"role":"assistant","tool_calls":[{"id":"c","type":"function","function":{"name":"f","arguments":{}}}]}]} | messages[0].tool_calls[0].function.arguments | messages[0].tool_calls[0].function.arguments must be a string
            {"model":"m","messages":[{"role":"assistant","tool_calls":[{"id":"c","type":"custom","function":{"name":"f","arguments":"{}"}}]}]} | messages[0].tool_calls[0].type | messages[0].tool_calls[0].type must be 'function'
            {"model":"m",MSGS,"temperature":"0.5"}                    | temperature | temperature must be a number
            {"model":"m",MSGS,"temperature":2.5}                      | temperature | temperature must be between 0 and 2, got 2.5
            {"model":"m",MSGS,"top_p":1.5}                            | top_p | top_p must be between 0 and 1, got 1.5
            {"model":"m",MSGS,"max_tokens":"100"}                     | max_tokens | max_tokens must be an integer
            {"model":"m",MSGS,"max_tokens":10.5}                      | max_tokens | max_tokens must be an integer
            {"model":"m",MSGS,"max_completion_tokens":0}              | max_completion_tokens | max_completion_tokens must be a positive integer, got 0
            {"model":"m",MSGS,"stream":"true"}                        | stream | stream must be a boolean
            {"model":"m",MSGS,"stream_options":{"include_usage":true}} | stream_options | stream_options is only allowed when stream is true
            {"model":"m",MSGS,"stream":true,"stream_options":{"include_usage":1}} | stream_options.include_usage | stream_options.include_usage must be a boolean
            {"model":"m",MSGS,"stop":5}                               | stop | stop must be a string or an array of strings
            {"model":"m",MSGS,"stop":["a",1]}                         | stop[1] | stop[1] must be a string
            {"model":"m",MSGS,"tools":{}}                             | tools | tools must be an array
            {"model":"m",MSGS,"tools":[{"type":"function"}]}          | tools[0].function | tools[0].function is required
            {"model":"m",MSGS,"tools":[{"type":"function","function":{}}]} | tools[0].function.name | tools[0].function.name is required
            {"model":"m",MSGS,"tools":[{"type":"function","function":{"name":"a b"}}]} | tools[0].function.name | tools[0].function.name must match ^[a-zA-Z0-9_-]{1,64}$
            {"model":"m",MSGS,"tools":[{"type":"function","function":{"name":"f","parameters":[]}}]} | tools[0].function.parameters | tools[0].function.parameters must be an object (a JSON schema)
            {"model":"m",MSGS,"tools":[{"type":"web_search"}]}        | tools[0].type | tools[0].type must be 'function'
            {"model":"m",MSGS,"tool_choice":"auto"}                   | tool_choice | tool_choice is only allowed when tools are specified
            {"model":"m",MSGS,"tools":[{"type":"function","function":{"name":"f"}}],"tool_choice":"any"} | tool_choice | tool_choice must be one of none, auto, required, or an object naming a function
            {"model":"m",MSGS,"tools":[{"type":"function","function":{"name":"f"}}],"tool_choice":{"type":"function","function":{"name":"g"}}} | tool_choice.function.name | tool_choice.function.name 'g' is not one of the tools
            {"model":"m",MSGS,"presence_penalty":3}                   | presence_penalty | presence_penalty must be between -2 and 2, got 3
            {"model":"m",MSGS,"seed":"1"}                             | seed | seed must be an integer
            {"model":"m",MSGS,"user":1}                               | user | user must be a string
            {"model":"m",MSGS,"parallel_tool_calls":"no"}             | parallel_tool_calls | parallel_tool_calls must be a boolean
            {"model":"m",MSGS,"response_format":{"type":"xml"}}       | response_format.type | response_format.type must be one of text, json_object, json_schema
            {"model":"m",MSGS,"response_format":{"type":"json_schema"}} | response_format.json_schema | response_format.json_schema must be an object
            {"model":"m",MSGS,"reasoning_effort":1}                   | reasoning_effort | reasoning_effort must be a string
            {"model":"m",MSGS,"metadata":{"a":1}}                     | metadata.a | metadata.a must be a string
            """)
    void rejectsInvalidRequestsNamingTheParameter(String body, String param, String message) {
        InvalidRequestException e = catchThrowableOfType(InvalidRequestException.class,
                () -> OpenAiChatParser.parse(Fixtures.json(body.replace("MSGS", OK_MESSAGES))));
        assertThat(e).as("expected a rejection of %s", body).isNotNull();
        assertThat(e.param()).isEqualTo(param);
        assertThat(e.getMessage()).isEqualTo(message);
    }

    @Test
    void rejectsAMissingBody() {
        assertThatThrownBy(() -> OpenAiChatParser.parse(null)).isInstanceOf(InvalidRequestException.class)
                .hasMessage("request body must be a JSON object");
    }

    @Test
    void parsesEveryFieldOfAFullRequest() {
        ObjectNode body = Fixtures.object("openai/full_request.json");
        ChatRequest r = OpenAiChatParser.parse(body);

        assertThat(r.model()).isEqualTo("smart");
        assertThat(r.messages()).hasSize(4);
        assertThat(r.messages().get(0).role()).isEqualTo(Role.SYSTEM);
        assertThat(r.messages().get(1).name()).isEqualTo("ann");
        assertThat(r.messages().get(1).content()).containsExactly(
                new ContentPart.Text("What is in this image, and the weather in Paris?"),
                new ContentPart.Image("https://example.com/cat.png", null, null, "low"),
                new ContentPart.Image(null, "image/png", "iVBORw0KGgo=", null));
        assertThat(r.messages().get(2).content()).isEmpty();
        assertThat(r.messages().get(2).toolCalls())
                .containsExactly(new ToolCall("call_1", "get_weather", "{\"city\":\"Paris\"}"));
        assertThat(r.messages().get(3).toolCallId()).isEqualTo("call_1");
        assertThat(r.tools()).singleElement().satisfies(t -> {
            assertThat(t.name()).isEqualTo("get_weather");
            assertThat(t.description()).isEqualTo("Current weather");
            assertThat(t.parameters().path("required").get(0).asText()).isEqualTo("city");
        });
        assertThat(r.toolChoice()).isEqualTo(ToolChoice.tool("get_weather"));
        assertThat(r.parallelToolCalls()).isFalse();
        assertThat(r.temperature()).isEqualTo(0.2);
        assertThat(r.topP()).isEqualTo(0.9);
        assertThat(r.maxTokens()).isEqualTo(300);
        assertThat(r.stop()).containsExactly("END");
        assertThat(r.stream()).isTrue();
        assertThat(r.includeUsage()).isTrue();
        assertThat(r.presencePenalty()).isEqualTo(0.5);
        assertThat(r.frequencyPenalty()).isEqualTo(-0.5);
        assertThat(r.seed()).isEqualTo(42L);
        assertThat(r.user()).isEqualTo("user-1");
        assertThat(r.responseFormat().path("type").asText()).isEqualTo("json_object");
        assertThat(r.reasoningEffort()).isEqualTo("low");
        assertThat(r.metadata()).isEqualTo(Map.of("task", "weather"));
        assertThat(r.openAiBody()).isSameAs(body);
    }

    @Test
    void explicitNullsCountAsAbsentAndMaxTokensIsAccepted() {
        ChatRequest r = OpenAiChatParser.parse(Fixtures.json("{\"model\":\"m\"," + OK_MESSAGES
                + ",\"temperature\":null,\"tools\":null,\"stop\":null,\"max_tokens\":64,\"stream\":false}"));
        assertThat(r.temperature()).isNull();
        assertThat(r.tools()).isEmpty();
        assertThat(r.stop()).isEmpty();
        assertThat(r.maxTokens()).isEqualTo(64);
        assertThat(r.stream()).isFalse();
        assertThat(r.includeUsage()).isFalse();
    }

    @Test
    void toolChoiceStringsMapToModes() {
        String tools = ",\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"f\"}}]";
        for (Map.Entry<String, ToolChoice> c : Map.of("auto", ToolChoice.AUTO, "none", ToolChoice.NONE,
                "required", ToolChoice.REQUIRED).entrySet()) {
            ChatRequest r = OpenAiChatParser.parse(Fixtures.json("{\"model\":\"m\"," + OK_MESSAGES + tools
                    + ",\"tool_choice\":\"" + c.getKey() + "\"}"));
            assertThat(r.toolChoice()).isEqualTo(c.getValue());
        }
    }

    @Test
    void fullRequestEncodesToTheExpectedUpstreamJsonWhenBuiltFromCanonicalFields() {
        ChatRequest parsed = OpenAiChatParser.parse(Fixtures.object("openai/full_request.json"));
        ChatRequest canonicalOnly = new ChatRequest(parsed.model(), parsed.messages(), parsed.tools(),
                parsed.toolChoice(), parsed.temperature(), parsed.topP(), parsed.maxTokens(), parsed.stop(),
                parsed.stream(), parsed.includeUsage(), parsed.presencePenalty(), parsed.frequencyPenalty(),
                parsed.seed(), parsed.user(), parsed.parallelToolCalls(), parsed.responseFormat(),
                parsed.reasoningEffort(), parsed.metadata(), null);

        byte[] body = new OpenAiAdapter().encodeChat(canonicalOnly, TargetContext.of("gpt-4o", "k")).body();

        assertThat(Fixtures.json(body)).isEqualTo(Fixtures.json(Fixtures.bytes("openai/full_request_upstream.json")));
    }

    @Test
    void userContentOfOneTextPartIsSentAsAString() {
        ChatRequest r = OpenAiChatParser.parse(Fixtures.json("{\"model\":\"m\",\"messages\":[{\"role\":\"user\","
                + "\"content\":[{\"type\":\"text\",\"text\":\"hi\"}]}]}"));
        ChatRequest built = ChatRequest.of(r.model(), r.messages());
        assertThat(Fixtures.json(new OpenAiAdapter().encodeChat(built, TargetContext.of("x", null)).body()))
                .isEqualTo(Fixtures.json("{\"model\":\"x\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"));
        assertThat(List.of(r.messages().get(0).text())).containsExactly("hi");
    }
}
