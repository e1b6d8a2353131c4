package dev.heimdall.providers.gemini;

import dev.heimdall.providers.canonical.FinishReason;
import dev.heimdall.providers.canonical.StreamEvent;
import dev.heimdall.providers.canonical.Usage;
import dev.heimdall.providers.spi.ProviderError;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class GeminiStreamWriterTest {

    private static String write(GeminiStreamWriter writer, List<StreamEvent> events, boolean end) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        events.forEach(e -> out.writeBytes(writer.frames(e)));
        if (end) {
            out.writeBytes(writer.end());
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void oneChunkPerTextDeltaAndTheLastCarriesFinishAndUsage() {
        String sse = write(new GeminiStreamWriter("alias"), List.of(
                new StreamEvent.Start("r1", "gpt-4o-mini"),
                new StreamEvent.TextDelta(0, "Hel"),
                new StreamEvent.TextDelta(0, ""),
                new StreamEvent.TextDelta(0, "lo"),
                new StreamEvent.Finish(0, FinishReason.STOP),
                new StreamEvent.UsageReport(Usage.of(3, 2))), true);
        String envelope = "\"modelVersion\":\"gpt-4o-mini\",\"responseId\":\"r1\"}\r\n\r\n";
        assertThat(sse).isEqualTo(
                "data: {\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"Hel\"}],\"role\":\"model\"},\"index\":0}],"
                        + envelope
                        + "data: {\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"lo\"}],\"role\":\"model\"},\"index\":0}],"
                        + envelope
                        + "data: {\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"\"}],\"role\":\"model\"},"
                        + "\"finishReason\":\"STOP\",\"index\":0}],\"usageMetadata\":{\"promptTokenCount\":3,"
                        + "\"candidatesTokenCount\":2,\"totalTokenCount\":5}," + envelope);
    }

    @Test
    void functionCallsGoOutWholeInTheLastChunk() {
        String sse = write(new GeminiStreamWriter("alias"), List.of(
                new StreamEvent.Start(null, null),
                new StreamEvent.ToolCallStart(0, 1, "call_b", "second"),
                new StreamEvent.ToolCallStart(0, 0, "call_a", "get_weather"),
                new StreamEvent.ToolCallDelta(0, 0, "{\"ci"),
                new StreamEvent.ToolCallDelta(0, 1, "{}"),
                new StreamEvent.ToolCallDelta(0, 0, "ty\":\"Lima\"}"),
                new StreamEvent.Finish(0, FinishReason.TOOL_CALLS)), true);
        assertThat(sse).isEqualTo("data: {\"candidates\":[{\"content\":{\"parts\":["
                + "{\"functionCall\":{\"name\":\"get_weather\",\"args\":{\"city\":\"Lima\"},\"id\":\"call_a\"}},"
                + "{\"functionCall\":{\"name\":\"second\",\"args\":{},\"id\":\"call_b\"}}],\"role\":\"model\"},"
                + "\"finishReason\":\"STOP\",\"index\":0}],\"modelVersion\":\"alias\"}\r\n\r\n");
    }

    @Test
    void aFailureMidStreamIsAFinalErrorFrame() {
        GeminiStreamWriter writer = new GeminiStreamWriter("m");
        String sse = write(writer, List.of(new StreamEvent.TextDelta(0, "x"),
                new StreamEvent.Failure(new ProviderError.ServerError("upstream broke", 503))), false);
        assertThat(sse).endsWith("data: {\"error\":{\"code\":503,\"message\":\"upstream broke\","
                + "\"status\":\"UNAVAILABLE\"}}\r\n\r\n");
    }

    @Test
    void theUpstreamStreamDecoderReadsBackWhatWasWritten() {
        GeminiStreamWriter writer = new GeminiStreamWriter("m");
        byte[] sse = write(writer, List.of(new StreamEvent.Start("r", "m"), new StreamEvent.TextDelta(0, "Hi "),
                new StreamEvent.TextDelta(0, "there"), new StreamEvent.Finish(0, FinishReason.LENGTH),
                new StreamEvent.UsageReport(Usage.of(4, 2))), true).getBytes(StandardCharsets.UTF_8);
        var decoder = GeminiCodec.streamDecoder(Clock.systemUTC());
        List<StreamEvent> events = new ArrayList<>();
        decoder.feed(sse, events::add);
        decoder.end(events::add);
        StringBuilder text = new StringBuilder();
        events.stream().filter(e -> e instanceof StreamEvent.TextDelta)
                .forEach(e -> text.append(((StreamEvent.TextDelta) e).text()));
        assertThat(text.toString()).isEqualTo("Hi there");
        assertThat(events).contains(new StreamEvent.Finish(0, FinishReason.LENGTH),
                new StreamEvent.UsageReport(Usage.of(4, 2)));
    }
}
