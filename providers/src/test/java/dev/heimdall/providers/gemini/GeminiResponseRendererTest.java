package dev.heimdall.providers.gemini;

import dev.heimdall.providers.canonical.ChatResponse;
import dev.heimdall.providers.canonical.ContentPart;
import dev.heimdall.providers.canonical.FinishReason;
import dev.heimdall.providers.canonical.Message;
import dev.heimdall.providers.canonical.Role;
import dev.heimdall.providers.canonical.ToolCall;
import dev.heimdall.providers.canonical.Usage;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class GeminiResponseRendererTest {

    private static ChatResponse response(Message message, FinishReason reason, Usage usage) {
        return new ChatResponse("resp-1", "gpt-4o-mini", 1_700_000_000L,
                List.of(new ChatResponse.Choice(0, message, reason)), usage);
    }

    @Test
    void rendersTextWithUsageAsTheApiReferenceShowsIt() {
        String json = GeminiResponseRenderer.render(response(Message.text(Role.ASSISTANT, "Hello!"),
                FinishReason.STOP, new Usage(10, 7, 4, 0, 2))).toString();
        assertThat(json).isEqualTo("{\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"Hello!\"}],\"role\":\"model\"},"
                + "\"finishReason\":\"STOP\",\"index\":0}],\"usageMetadata\":{\"promptTokenCount\":10,"
                + "\"candidatesTokenCount\":5,\"totalTokenCount\":17,\"cachedContentTokenCount\":4,"
                + "\"thoughtsTokenCount\":2},\"modelVersion\":\"gpt-4o-mini\",\"responseId\":\"resp-1\"}");
    }

    @Test
    void rendersFunctionCallsWithTheirIdsAndFinishesAsGeminiDoes() {
        Message calls = new Message(Role.ASSISTANT, List.of(), null,
                List.of(new ToolCall("call_9", "get_weather", "{\"city\":\"Lima\"}"), new ToolCall("x", "noargs", "")),
                null);
        String json = GeminiResponseRenderer.render(response(calls, FinishReason.TOOL_CALLS, null)).toString();
        assertThat(json).isEqualTo("{\"candidates\":[{\"content\":{\"parts\":["
                + "{\"functionCall\":{\"name\":\"get_weather\",\"args\":{\"city\":\"Lima\"},\"id\":\"call_9\"}},"
                + "{\"functionCall\":{\"name\":\"noargs\",\"args\":{},\"id\":\"x\"}}],\"role\":\"model\"},"
                + "\"finishReason\":\"STOP\",\"index\":0}],\"modelVersion\":\"gpt-4o-mini\",\"responseId\":\"resp-1\"}");

        assertThat(GeminiResponseRenderer.render(response(Message.text(Role.ASSISTANT, "cut"), FinishReason.LENGTH,
                null)).at("/candidates/0/finishReason").asText()).isEqualTo("MAX_TOKENS");
        assertThat(GeminiResponseRenderer.render(response(new Message(Role.ASSISTANT,
                List.of(new ContentPart.Text("")), null, List.of(), null), FinishReason.CONTENT_FILTER, null))
                .at("/candidates/0").toString())
                .isEqualTo("{\"content\":{\"parts\":[{\"text\":\"\"}],\"role\":\"model\"},\"finishReason\":\"SAFETY\",\"index\":0}");
    }

    @Test
    void theUpstreamCodecReadsBackWhatWasRendered() {
        ChatResponse original = response(new Message(Role.ASSISTANT, List.of(new ContentPart.Text("Sure.")), null,
                List.of(new ToolCall("call_0", "f", "{\"a\":1}")), null), FinishReason.TOOL_CALLS,
                new Usage(12, 8, 0, 0, 3));
        ChatResponse decoded = GeminiCodec.decode(GeminiCodec.write(GeminiResponseRenderer.render(original)),
                Clock.systemUTC());
        assertThat(decoded.choices().get(0)).isEqualTo(original.choices().get(0));
        assertThat(decoded.usage()).isEqualTo(original.usage());
        assertThat(decoded.id()).isEqualTo("resp-1");
    }
}
