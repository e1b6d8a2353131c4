package dev.heimdall.providers.bedrock;

import dev.heimdall.providers.Fixtures;
import dev.heimdall.providers.canonical.ChatRequest;
import dev.heimdall.providers.canonical.FinishReason;
import dev.heimdall.providers.canonical.Message;
import dev.heimdall.providers.canonical.Role;
import dev.heimdall.providers.canonical.StreamEvent;
import dev.heimdall.providers.canonical.Usage;
import dev.heimdall.providers.spi.ProviderError;
import dev.heimdall.providers.spi.StreamDecoder;
import dev.heimdall.providers.spi.TargetContext;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class BedrockStreamDecoderTest {

    private static final String MODEL = "anthropic.claude-3-5-sonnet-20240620-v1:0";
    private final BedrockAdapter adapter = new BedrockAdapter();

    private StreamDecoder decoder() {
        return adapter.streamDecoder(ChatRequest.of("m", List.of(Message.text(Role.USER, "hi"))),
                TargetContext.of(MODEL, null));
    }

    /** After the ConverseStream example of the API reference: text, then a tool call, with a usage metadata event. */
    static byte[] recordedStream() {
        return new EventStreamFrames()
                .event("messageStart", "{\"p\":\"abcd\",\"role\":\"assistant\"}")
                .event("contentBlockDelta", "{\"contentBlockIndex\":0,\"delta\":{\"text\":\"Let me check\"},\"p\":\"ab\"}")
                .event("contentBlockDelta", "{\"contentBlockIndex\":0,\"delta\":{\"text\":\" the wéather.\"}}")
                .event("contentBlockStop", "{\"contentBlockIndex\":0}")
                .event("contentBlockStart", "{\"contentBlockIndex\":1,\"start\":{\"toolUse\":"
                        + "{\"toolUseId\":\"tooluse_kZJMlvQmRJ6eAyJE5GIl7Q\",\"name\":\"top_song\"}}}")
                .event("contentBlockDelta", "{\"contentBlockIndex\":1,\"delta\":{\"toolUse\":{\"input\":\"{\\\"sign\"}}}")
                .event("contentBlockDelta", "{\"contentBlockIndex\":1,\"delta\":{\"toolUse\":{\"input\":\"\\\":\\\"WZPZ\\\"}\"}}}")
                .event("contentBlockStop", "{\"contentBlockIndex\":1}")
                .event("messageStop", "{\"stopReason\":\"tool_use\"}")
                .event("metadata", "{\"usage\":{\"inputTokens\":375,\"outputTokens\":78,\"totalTokens\":453,"
                        + "\"cacheReadInputTokens\":20,\"cacheWriteInputTokens\":5},\"metrics\":{\"latencyMs\":2113}}")
                .bytes();
    }

    @Test
    void decodesARecordedStreamAtEverySplitPoint() {
        List<StreamEvent> events = Fixtures.decodeAtEverySplit(this::decoder, recordedStream());

        assertThat(events).containsExactly(
                new StreamEvent.Start(null, MODEL),
                new StreamEvent.TextDelta(0, "Let me check"),
                new StreamEvent.TextDelta(0, " the wéather."),
                new StreamEvent.ToolCallStart(0, 0, "tooluse_kZJMlvQmRJ6eAyJE5GIl7Q", "top_song"),
                new StreamEvent.ToolCallDelta(0, 0, "{\"sign"),
                new StreamEvent.ToolCallDelta(0, 0, "\":\"WZPZ\"}"),
                new StreamEvent.Finish(0, FinishReason.TOOL_CALLS),
                new StreamEvent.UsageReport(new Usage(400, 78, 20, 5, 0)));
    }

    @Test
    void aCorruptedMessageCrcIsAProtocolError() {
        byte[] stream = recordedStream();
        byte[] corrupted = stream.clone();
        int firstTotal = EventStreamFramer.readInt(stream, 0);
        corrupted[firstTotal - 1] ^= 0x01;

        List<StreamEvent> events = Fixtures.decode(decoder(), corrupted);

        assertThat(events).hasSize(1);
        assertThat(((StreamEvent.Failure) events.get(0)).error()).isInstanceOf(ProviderError.ProtocolError.class)
                .extracting(ProviderError::message).asString().contains("CRC");
    }

    @Test
    void aCorruptedPayloadOrPreludeIsAProtocolError() {
        byte[] stream = recordedStream();
        for (int at : new int[]{2, 9, 20, 40}) {
            byte[] corrupted = stream.clone();
            corrupted[at] ^= 0x10;
            List<StreamEvent> events = Fixtures.decode(decoder(), corrupted);
            assertThat(events).as("flipped byte %d", at).last().isInstanceOf(StreamEvent.Failure.class);
            assertThat(((StreamEvent.Failure) events.get(events.size() - 1)).error())
                    .isInstanceOf(ProviderError.ProtocolError.class);
        }
    }

    @Test
    void exceptionMessagesAreClassified() {
        assertThat(failureOf("throttlingException")).isInstanceOf(ProviderError.RateLimited.class);
        assertThat(failureOf("modelStreamErrorException")).isInstanceOf(ProviderError.ServerError.class);
        assertThat(failureOf("internalServerException")).isInstanceOf(ProviderError.ServerError.class);
        assertThat(failureOf("serviceUnavailableException")).isInstanceOf(ProviderError.ServerError.class);
        assertThat(failureOf("validationException")).isInstanceOf(ProviderError.BadRequest.class)
                .extracting(ProviderError::message).isEqualTo("Mock: something is wrong");
    }

    private ProviderError failureOf(String exceptionType) {
        byte[] stream = new EventStreamFrames()
                .event("messageStart", "{\"role\":\"assistant\"}")
                .exception(exceptionType, "{\"message\":\"Mock: something is wrong\"}")
                .event("contentBlockDelta", "{\"contentBlockIndex\":0,\"delta\":{\"text\":\"ignored\"}}")
                .bytes();
        List<StreamEvent> events = Fixtures.decodeAtEverySplit(this::decoder, stream);
        assertThat(events).hasSize(2);
        return ((StreamEvent.Failure) events.get(1)).error();
    }

    @Test
    void aStreamCutBeforeMessageStopOrMetadataEndsInAFailure() {
        byte[] stream = recordedStream();
        byte[] cut = Arrays.copyOf(stream, stream.length - 5);
        List<StreamEvent> events = Fixtures.decode(decoder(), cut);
        assertThat(events).last().isEqualTo(new StreamEvent.Failure(
                new ProviderError.ProtocolError("Bedrock stream ended before its metadata event")));
        assertThat(events).contains(new StreamEvent.Finish(0, FinishReason.TOOL_CALLS));

        byte[] noStop = new EventStreamFrames().event("messageStart", "{\"role\":\"assistant\"}")
                .event("contentBlockDelta", "{\"contentBlockIndex\":0,\"delta\":{\"text\":\"Hi\"}}").bytes();
        assertThat(Fixtures.decode(decoder(), noStop)).last().isEqualTo(new StreamEvent.Failure(
                new ProviderError.ProtocolError("Bedrock stream ended before messageStop")));
    }

    @Test
    void anImpossibleLengthIsAProtocolErrorNotAWait() {
        byte[] garbage = "<html>Bad Gateway</html>".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        List<StreamEvent> events = Fixtures.decode(decoder(), garbage);
        assertThat(events).hasSize(1).first().isInstanceOf(StreamEvent.Failure.class);
    }
}
