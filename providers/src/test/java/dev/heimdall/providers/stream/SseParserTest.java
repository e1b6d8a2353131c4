package dev.heimdall.providers.stream;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class SseParserTest {

    record Event(String event, String data) {
    }

    private static List<Event> parse(byte[]... pieces) {
        List<Event> events = new ArrayList<>();
        SseParser parser = new SseParser((e, d) -> events.add(new Event(e, d)));
        for (byte[] piece : pieces) {
            parser.feed(piece);
        }
        return events;
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static final String RECORDED = """
            : keep-alive comment
            event: message_start
            data: {"type":"message_start","text":"héllo wörld ☀️ 日本"}

            event: content_block_delta\r
            data: {"a":1}\r
            \r
            data: first line
            data:second line
            data:  two spaces keep one
            id: 7
            retry: 1000

            event: custom\r\
            data: cr only\r\
            \r\
            data
            unknown: field

            data: [DONE]

            """;

    @Test
    void sameEventsAtEverySplitPointAndByteByByte() {
        byte[] stream = utf8(RECORDED);
        List<Event> whole = parse(stream);
        assertThat(whole).containsExactly(
                new Event("message_start", "{\"type\":\"message_start\",\"text\":\"héllo wörld ☀️ 日本\"}"),
                new Event("content_block_delta", "{\"a\":1}"),
                new Event("message", "first line\nsecond line\n two spaces keep one"),
                new Event("custom", "cr only"),
                new Event("message", ""),
                new Event("message", "[DONE]"));
        for (int i = 1; i < stream.length; i++) {
            assertThat(parse(Arrays.copyOfRange(stream, 0, i), Arrays.copyOfRange(stream, i, stream.length)))
                    .as("split at %d", i).isEqualTo(whole);
        }
        for (int i = 1; i < stream.length; i += 7) {
            for (int j = i + 1; j < stream.length; j += 5) {
                assertThat(parse(Arrays.copyOfRange(stream, 0, i), Arrays.copyOfRange(stream, i, j),
                        Arrays.copyOfRange(stream, j, stream.length))).as("split at %d and %d", i, j).isEqualTo(whole);
            }
        }
        byte[][] single = new byte[stream.length][];
        for (int i = 0; i < stream.length; i++) {
            single[i] = new byte[]{stream[i]};
        }
        assertThat(parse(single)).isEqualTo(whole);
    }

    @Test
    void crlfSplitBetweenCrAndLfIsOneLineEnd() {
        assertThat(parse(utf8("data: a\r"), utf8("\ndata: b\r"), utf8("\n\r"), utf8("\n")))
                .containsExactly(new Event("message", "a\nb"));
    }

    @Test
    void lineEndsMayBeMixed() {
        assertThat(parse(utf8("data: a\rdata: b\ndata: c\r\n\n")))
                .containsExactly(new Event("message", "a\nb\nc"));
    }

    @Test
    void commentsAndBlankEventsDispatchNothing() {
        assertThat(parse(utf8(": ping\n\n:\n\nevent: ping\n\n"))).isEmpty();
    }

    @Test
    void eventNameResetsAfterDispatch() {
        assertThat(parse(utf8("event: a\ndata: 1\n\ndata: 2\n\n")))
                .containsExactly(new Event("a", "1"), new Event("message", "2"));
    }

    @Test
    void utf8SequenceSplitAcrossChunks() {
        byte[] bytes = utf8("data: ☀️日\n\n");
        // split inside the three-byte sun
        assertThat(parse(Arrays.copyOfRange(bytes, 0, 7), Arrays.copyOfRange(bytes, 7, bytes.length)))
                .containsExactly(new Event("message", "☀️日"));
    }

    @Test
    void leadingByteOrderMarkIsIgnoredEvenWhenSplit() {
        byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
        assertThat(parse(new byte[]{bom[0]}, new byte[]{bom[1], bom[2]}, utf8("data: x\n\n")))
                .containsExactly(new Event("message", "x"));
    }

    @Test
    void endReportsAPartialEvent() {
        SseParser parser = new SseParser((e, d) -> { });
        parser.feed(utf8("data: complete\n\n"));
        assertThat(parser.end()).isFalse();
        parser.feed(utf8("data: cut"));
        assertThat(parser.end()).isTrue();
        parser.feed(utf8("data: cut\n"));
        assertThat(parser.end()).isTrue();
    }

    @Test
    void partialEventIsNotDispatchedAtEnd() {
        List<Event> events = new ArrayList<>();
        SseParser parser = new SseParser((e, d) -> events.add(new Event(e, d)));
        parser.feed(utf8("data: a\n"));
        parser.end();
        assertThat(events).isEmpty();
    }

    @Test
    void longLinesGrowTheBuffers() {
        String big = "x".repeat(100_000);
        byte[] bytes = utf8("data: " + big + "\ndata: " + big + "\n\n");
        assertThat(parse(Arrays.copyOfRange(bytes, 0, 5000), Arrays.copyOfRange(bytes, 5000, bytes.length)))
                .containsExactly(new Event("message", big + "\n" + big));
    }
}
