package dev.heimdall.providers.openai;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.heimdall.providers.canonical.StreamEvent;
import dev.heimdall.providers.spi.ProviderError;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

/**
 * Turns canonical {@link StreamEvent}s into OpenAI {@code chat.completion.chunk} server-sent events, as OpenAI streams
 * them: a first chunk per choice carrying the role, content and tool-call deltas (a tool call's first fragment carries
 * its index, id, type and name with empty arguments; later fragments only index and arguments), a chunk with the
 * {@code finish_reason}, and, only when the client asked with {@code stream_options.include_usage}, a last chunk with
 * {@code choices: []} and the usage (every other chunk then carries {@code "usage": null}).
 *
 * <p>One instance per response stream; not thread-safe.
 */
public final class OpenAiChunkWriter {

    private static final JsonFactory JSON = new ObjectMapper().getFactory();
    private static final byte[] DATA = "data: ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] END = "\n\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] DONE = "data: [DONE]\n\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] EMPTY = new byte[0];

    private final String id;
    private final String model;
    private final long created;
    private final boolean includeUsage;
    private final BitSet roleSent = new BitSet();
    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream(256);

    /**
     * @param id           the completion id the client sees ({@code chatcmpl-...})
     * @param model        the model name the client sees
     * @param created      Unix seconds
     * @param includeUsage whether the client asked for {@code stream_options.include_usage}
     */
    public OpenAiChunkWriter(String id, String model, long created, boolean includeUsage) {
        this.id = id;
        this.model = model;
        this.created = created;
        this.includeUsage = includeUsage;
    }

    /**
     * The complete SSE frames ({@code data: {...}\n\n}, possibly several, possibly none) for one event. A
     * {@link StreamEvent.Failure} becomes an OpenAI error object, the way OpenAI reports an error mid-stream.
     */
    public byte[] frames(StreamEvent event) {
        buffer.reset();
        try {
            write(event);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return buffer.size() == 0 ? EMPTY : buffer.toByteArray();
    }

    /** The chunk JSON texts for one event, without SSE framing. */
    public List<String> chunks(StreamEvent event) {
        String frames = new String(frames(event), StandardCharsets.UTF_8);
        List<String> chunks = new ArrayList<>(2);
        int pos = 0;
        while (pos < frames.length()) {
            int end = frames.indexOf("\n\n", pos);
            chunks.add(frames.substring(pos + DATA.length, end));
            pos = end + 2;
        }
        return chunks;
    }

    /** The stream's terminator, {@code data: [DONE]\n\n}. */
    public byte[] done() {
        return DONE.clone();
    }

    private void write(StreamEvent event) throws IOException {
        if (event instanceof StreamEvent.Start) {
            ensureRole(0);
        } else if (event instanceof StreamEvent.TextDelta d) {
            ensureRole(d.choice());
            JsonGenerator g = open();
            choice(g, d.choice());
            g.writeObjectFieldStart("delta");
            g.writeStringField("content", d.text());
            g.writeEndObject();
            endChoice(g, null);
            close(g);
        } else if (event instanceof StreamEvent.ToolCallStart s) {
            ensureRole(s.choice());
            JsonGenerator g = open();
            choice(g, s.choice());
            g.writeObjectFieldStart("delta");
            g.writeArrayFieldStart("tool_calls");
            g.writeStartObject();
            g.writeNumberField("index", s.index());
            g.writeStringField("id", s.id());
            g.writeStringField("type", "function");
            g.writeObjectFieldStart("function");
            g.writeStringField("name", s.name());
            g.writeStringField("arguments", "");
            g.writeEndObject();
            g.writeEndObject();
            g.writeEndArray();
            g.writeEndObject();
            endChoice(g, null);
            close(g);
        } else if (event instanceof StreamEvent.ToolCallDelta d) {
            ensureRole(d.choice());
            JsonGenerator g = open();
            choice(g, d.choice());
            g.writeObjectFieldStart("delta");
            g.writeArrayFieldStart("tool_calls");
            g.writeStartObject();
            g.writeNumberField("index", d.index());
            g.writeObjectFieldStart("function");
            g.writeStringField("arguments", d.argumentsFragment());
            g.writeEndObject();
            g.writeEndObject();
            g.writeEndArray();
            g.writeEndObject();
            endChoice(g, null);
            close(g);
        } else if (event instanceof StreamEvent.Finish f) {
            ensureRole(f.choice());
            JsonGenerator g = open();
            choice(g, f.choice());
            g.writeObjectFieldStart("delta");
            g.writeEndObject();
            endChoice(g, f.reason() == null ? "stop" : f.reason().openAiName());
            close(g);
        } else if (event instanceof StreamEvent.UsageReport u) {
            if (includeUsage) {
                buffer.write(DATA);
                JsonGenerator g = JSON.createGenerator(buffer);
                header(g);
                g.writeArrayFieldStart("choices");
                g.writeEndArray();
                g.writeFieldName("usage");
                g.writeTree(OpenAiChatRenderer.usage(u.usage()));
                g.writeEndObject();
                g.close();
                buffer.write(END);
            }
        } else if (event instanceof StreamEvent.Failure f) {
            buffer.write(DATA);
            JsonGenerator g = JSON.createGenerator(buffer);
            g.writeStartObject();
            g.writeObjectFieldStart("error");
            ProviderError error = f.error();
            g.writeStringField("message", error.message());
            g.writeStringField("type", error.errorType());
            g.writeNullField("param");
            g.writeNullField("code");
            g.writeEndObject();
            g.writeEndObject();
            g.close();
            buffer.write(END);
        }
    }

    private void ensureRole(int choice) throws IOException {
        if (roleSent.get(choice)) {
            return;
        }
        roleSent.set(choice);
        JsonGenerator g = open();
        choice(g, choice);
        g.writeObjectFieldStart("delta");
        g.writeStringField("role", "assistant");
        g.writeStringField("content", "");
        g.writeNullField("refusal");
        g.writeEndObject();
        endChoice(g, null);
        close(g);
    }

    private JsonGenerator open() throws IOException {
        buffer.write(DATA);
        JsonGenerator g = JSON.createGenerator(buffer);
        header(g);
        g.writeArrayFieldStart("choices");
        return g;
    }

    private void header(JsonGenerator g) throws IOException {
        g.writeStartObject();
        g.writeStringField("id", id);
        g.writeStringField("object", "chat.completion.chunk");
        g.writeNumberField("created", created);
        g.writeStringField("model", model);
    }

    private static void choice(JsonGenerator g, int index) throws IOException {
        g.writeStartObject();
        g.writeNumberField("index", index);
    }

    private static void endChoice(JsonGenerator g, String finishReason) throws IOException {
        g.writeNullField("logprobs");
        if (finishReason == null) {
            g.writeNullField("finish_reason");
        } else {
            g.writeStringField("finish_reason", finishReason);
        }
        g.writeEndObject();
    }

    private void close(JsonGenerator g) throws IOException {
        g.writeEndArray();
        if (includeUsage) {
            g.writeNullField("usage");
        }
        g.writeEndObject();
        g.close();
        buffer.write(END);
    }
}
