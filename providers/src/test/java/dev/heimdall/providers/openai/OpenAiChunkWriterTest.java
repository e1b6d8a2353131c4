package dev.heimdall.providers.openai;

import com.openai.core.ObjectMappers;
import com.openai.models.chat.completions.ChatCompletionChunk;
import dev.heimdall.providers.canonical.FinishReason;
import dev.heimdall.providers.canonical.StreamEvent;
import dev.heimdall.providers.canonical.Usage;
import dev.heimdall.providers.spi.ProviderError;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class OpenAiChunkWriterTest {

    private static final String HEAD = "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"created\":1700000000,"
            + "\"model\":\"gpt-4o\",\"choices\":[";

    private static List<String> write(OpenAiChunkWriter writer, StreamEvent... events) {
        List<String> chunks = new ArrayList<>();
        for (StreamEvent e : events) {
            chunks.addAll(writer.chunks(e));
        }
        return chunks;
    }

    private static final StreamEvent[] TEXT_STREAM = {
            new StreamEvent.Start("up-1", "gpt-4o-2024-08-06"),
            new StreamEvent.TextDelta(0, "Hel"),
            new StreamEvent.TextDelta(0, "lo \"there\" ☀️"),
            new StreamEvent.Finish(0, FinishReason.STOP),
            new StreamEvent.UsageReport(new Usage(10, 3, 4, 0, 1))};

    @Test
    void textStreamWithoutUsage() {
        List<String> chunks = write(new OpenAiChunkWriter("chatcmpl-1", "gpt-4o", 1700000000L, false), TEXT_STREAM);

        assertThat(chunks).containsExactly(
                HEAD + "{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\",\"refusal\":null},"
                        + "\"logprobs\":null,\"finish_reason\":null}]}",
                HEAD + "{\"index\":0,\"delta\":{\"content\":\"Hel\"},\"logprobs\":null,\"finish_reason\":null}]}",
                HEAD + "{\"index\":0,\"delta\":{\"content\":\"lo \\\"there\\\" ☀️\"},\"logprobs\":null,"
                        + "\"finish_reason\":null}]}",
                HEAD + "{\"index\":0,\"delta\":{},\"logprobs\":null,\"finish_reason\":\"stop\"}]}");
        chunks.forEach(OpenAiChunkWriterTest::assertSdkParses);
    }

    @Test
    void textStreamWithUsageEndsWithAUsageChunkWithoutChoices() {
        List<String> chunks = write(new OpenAiChunkWriter("chatcmpl-1", "gpt-4o", 1700000000L, true), TEXT_STREAM);

        assertThat(chunks).hasSize(5);
        assertThat(chunks.get(1)).isEqualTo(HEAD
                + "{\"index\":0,\"delta\":{\"content\":\"Hel\"},\"logprobs\":null,\"finish_reason\":null}],\"usage\":null}");
        assertThat(chunks.get(4)).isEqualTo(HEAD + "],\"usage\":{\"prompt_tokens\":10,\"completion_tokens\":3,"
                + "\"total_tokens\":13,\"prompt_tokens_details\":{\"cached_tokens\":4},"
                + "\"completion_tokens_details\":{\"reasoning_tokens\":1}}}");
        chunks.forEach(OpenAiChunkWriterTest::assertSdkParses);
        ChatCompletionChunk usage = parse(chunks.get(4));
        assertThat(usage.choices()).isEmpty();
        assertThat(usage.usage().get().totalTokens()).isEqualTo(13);
        assertThat(usage.usage().get().promptTokensDetails().get().cachedTokens()).contains(4L);
    }

    @Test
    void toolCallStream() {
        OpenAiChunkWriter writer = new OpenAiChunkWriter("chatcmpl-1", "gpt-4o", 1700000000L, false);
        List<String> chunks = write(writer,
                new StreamEvent.Start("up", "m"),
                new StreamEvent.ToolCallStart(0, 0, "call_1", "get_weather"),
                new StreamEvent.ToolCallDelta(0, 0, "{\"city\":"),
                new StreamEvent.ToolCallDelta(0, 0, "\"Paris\"}"),
                new StreamEvent.ToolCallStart(0, 1, "call_2", "get_time"),
                new StreamEvent.ToolCallDelta(0, 1, "{}"),
                new StreamEvent.Finish(0, FinishReason.TOOL_CALLS),
                new StreamEvent.UsageReport(Usage.of(1, 2)));

        String tail = "},\"logprobs\":null,\"finish_reason\":null}]}";
        assertThat(chunks).containsExactly(
                HEAD + "{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\",\"refusal\":null" + tail,
                HEAD + "{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,\"id\":\"call_1\",\"type\":\"function\","
                        + "\"function\":{\"name\":\"get_weather\",\"arguments\":\"\"}}]" + tail,
                HEAD + "{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":"
                        + "\"{\\\"city\\\":\"}}]" + tail,
                HEAD + "{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":"
                        + "\"\\\"Paris\\\"}\"}}]" + tail,
                HEAD + "{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":1,\"id\":\"call_2\",\"type\":\"function\","
                        + "\"function\":{\"name\":\"get_time\",\"arguments\":\"\"}}]" + tail,
                HEAD + "{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":1,\"function\":{\"arguments\":\"{}\"}}]" + tail,
                HEAD + "{\"index\":0,\"delta\":{},\"logprobs\":null,\"finish_reason\":\"tool_calls\"}]}");
        chunks.forEach(OpenAiChunkWriterTest::assertSdkParses);
        assertThat(parse(chunks.get(1)).choices().get(0).delta().toolCalls().get().get(0).function().get().name())
                .contains("get_weather");
    }

    @Test
    void framesAreReadyToSend() {
        OpenAiChunkWriter writer = new OpenAiChunkWriter("chatcmpl-1", "gpt-4o", 1700000000L, false);
        String frames = new String(writer.frames(new StreamEvent.TextDelta(0, "x")), StandardCharsets.UTF_8);

        assertThat(frames).startsWith("data: " + HEAD).endsWith("}]}\n\n");
        assertThat(frames.split("\n\n")).hasSize(2);
        assertThat(writer.frames(new StreamEvent.TextDelta(0, "y"))).asString(StandardCharsets.UTF_8)
                .isEqualTo("data: " + HEAD + "{\"index\":0,\"delta\":{\"content\":\"y\"},\"logprobs\":null,"
                        + "\"finish_reason\":null}]}\n\n");
        assertThat(writer.frames(new StreamEvent.UsageReport(Usage.of(1, 1)))).isEmpty();
        assertThat(writer.done()).asString(StandardCharsets.US_ASCII).isEqualTo("data: [DONE]\n\n");
    }

    @Test
    void failureBecomesAnOpenAiErrorObject() {
        OpenAiChunkWriter writer = new OpenAiChunkWriter("chatcmpl-1", "gpt-4o", 1700000000L, false);
        assertThat(writer.chunks(new StreamEvent.Failure(new ProviderError.ServerError("Overloaded", 529))))
                .containsExactly("{\"error\":{\"message\":\"Overloaded\",\"type\":\"server_error\","
                        + "\"param\":null,\"code\":null}}");
    }

    private static ChatCompletionChunk parse(String json) {
        try {
            return ObjectMappers.jsonMapper().readValue(json, ChatCompletionChunk.class);
        } catch (Exception e) {
            throw new AssertionError("the OpenAI SDK cannot parse " + json, e);
        }
    }

    private static void assertSdkParses(String json) {
        parse(json).validate();
    }
}
