package dev.heimdall.providers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.heimdall.providers.canonical.StreamEvent;
import dev.heimdall.providers.spi.StreamDecoder;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/** Test fixtures and the split-everywhere harness shared by the decoder tests. */
public final class Fixtures {

    public static final ObjectMapper MAPPER = new ObjectMapper();

    private Fixtures() {
    }

    public static byte[] bytes(String resource) {
        try (InputStream in = Fixtures.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("no test resource " + resource);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static ObjectNode object(String resource) {
        return (ObjectNode) json(bytes(resource));
    }

    public static JsonNode json(byte[] bytes) {
        try {
            return MAPPER.readTree(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static ObjectNode json(String text) {
        try {
            return (ObjectNode) MAPPER.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static JsonNode tree(String text) {
        try {
            return MAPPER.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The stream up to (not including) the first occurrence of {@code marker}. */
    public static byte[] cutBefore(byte[] stream, String marker) {
        String text = new String(stream, java.nio.charset.StandardCharsets.UTF_8);
        return text.substring(0, text.indexOf(marker)).getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    /** Feeds the pieces to a fresh decoder, then ends it; returns every event. */
    public static List<StreamEvent> decode(StreamDecoder decoder, byte[]... pieces) {
        List<StreamEvent> events = new ArrayList<>();
        for (byte[] piece : pieces) {
            decoder.feed(piece, events::add);
        }
        decoder.end(events::add);
        return events;
    }

    /**
     * Decodes the stream whole, split in two at every byte position, and one byte at a time, and checks that every
     * way gives the same events.
     *
     * @return the events
     */
    public static List<StreamEvent> decodeAtEverySplit(Supplier<StreamDecoder> decoders, byte[] stream) {
        List<StreamEvent> whole = decode(decoders.get(), stream);
        for (int i = 1; i < stream.length; i++) {
            List<StreamEvent> split = decode(decoders.get(), Arrays.copyOfRange(stream, 0, i),
                    Arrays.copyOfRange(stream, i, stream.length));
            assertThat(split).as("split at byte %d", i).isEqualTo(whole);
        }
        byte[][] single = new byte[stream.length][];
        for (int i = 0; i < stream.length; i++) {
            single[i] = new byte[]{stream[i]};
        }
        assertThat(decode(decoders.get(), single)).as("one byte at a time").isEqualTo(whole);
        return whole;
    }
}
