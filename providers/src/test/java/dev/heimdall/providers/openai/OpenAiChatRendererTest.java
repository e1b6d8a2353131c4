package dev.heimdall.providers.openai;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.openai.core.ObjectMappers;
import com.openai.models.chat.completions.ChatCompletion;
import dev.heimdall.providers.Fixtures;
import dev.heimdall.providers.canonical.ChatResponse;
import dev.heimdall.providers.canonical.FinishReason;
import dev.heimdall.providers.canonical.Message;
import dev.heimdall.providers.canonical.Role;
import dev.heimdall.providers.canonical.ToolCall;
import dev.heimdall.providers.canonical.Usage;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class OpenAiChatRendererTest {

    @Test
    void rendersTextResponseExactly() throws Exception {
        ChatResponse response = new ChatResponse("chatcmpl-9", "claude-sonnet-4-5-20250929", 1700000000L,
                List.of(new ChatResponse.Choice(0, Message.text(Role.ASSISTANT, "Hi!"), FinishReason.STOP)),
                new Usage(2095, 503, 1800, 248, 0));

        ObjectNode json = OpenAiChatRenderer.render(response, "smart");

        assertThat(json.toString()).isEqualTo("{\"id\":\"chatcmpl-9\",\"object\":\"chat.completion\","
                + "\"created\":1700000000,\"model\":\"smart\",\"choices\":[{\"index\":0,\"message\":{\"role\":"
                + "\"assistant\",\"content\":\"Hi!\",\"refusal\":null},\"logprobs\":null,\"finish_reason\":\"stop\"}],"
                + "\"usage\":{\"prompt_tokens\":2095,\"completion_tokens\":503,\"total_tokens\":2598,"
                + "\"prompt_tokens_details\":{\"cached_tokens\":1800},"
                + "\"completion_tokens_details\":{\"reasoning_tokens\":0}}}");
        ObjectMappers.jsonMapper().readValue(json.toString(), ChatCompletion.class).validate();
    }

    @Test
    void toolCallOnlyResponseHasNullContent() throws Exception {
        Message message = new Message(Role.ASSISTANT, List.of(), null,
                List.of(new ToolCall("call_1", "get_weather", "{\"city\":\"Paris\"}")), null);
        ChatResponse response = new ChatResponse("chatcmpl-9", "m", 1L,
                List.of(new ChatResponse.Choice(0, message, FinishReason.TOOL_CALLS)), Usage.of(5, 6));

        ObjectNode json = OpenAiChatRenderer.render(response, "gpt-4o");

        assertThat(json.get("choices").get(0).get("message")).isEqualTo(Fixtures.json("{\"role\":\"assistant\","
                + "\"content\":null,\"refusal\":null,\"tool_calls\":[{\"id\":\"call_1\",\"type\":\"function\","
                + "\"function\":{\"name\":\"get_weather\",\"arguments\":\"{\\\"city\\\":\\\"Paris\\\"}\"}}]}"));
        assertThat(json.get("choices").get(0).get("finish_reason").asText()).isEqualTo("tool_calls");
        ChatCompletion parsed = ObjectMappers.jsonMapper().readValue(json.toString(), ChatCompletion.class);
        parsed.validate();
        assertThat(parsed.choices().get(0).message().toolCalls().get()).hasSize(1);
    }

    @Test
    void decodeThenRenderRoundTripsAnOpenAiResponse() {
        ChatResponse decoded = new OpenAiAdapter().decodeChat(Fixtures.bytes("openai/chat_response_tool_calls.json"));
        ObjectNode json = OpenAiChatRenderer.render(decoded, "gpt-4o-mini");
        assertThat(json.get("usage").get("prompt_tokens_details").get("cached_tokens").asLong()).isEqualTo(1920);
        assertThat(json.get("choices").get(0).get("message").get("tool_calls")).hasSize(2);
    }
}
