package dev.heimdall.providers.gemini;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.heimdall.providers.canonical.FinishReason;
import dev.heimdall.providers.canonical.StreamEvent;
import dev.heimdall.providers.canonical.ToolCall;
import dev.heimdall.providers.canonical.Usage;
import dev.heimdall.providers.spi.ProviderError;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Renders a canonical stream as {@code streamGenerateContent} chunks, each a whole {@code GenerateContentResponse}.
 * One instance per response; not thread-safe.
 *
 * <p>Gemini sends each function call whole, never its arguments in fragments, so tool-call fragments are buffered
 * per index and the calls go out in the last chunk, which also carries {@code finishReason} and
 * {@code usageMetadata} (the usage usually arrives after the finish, so the last chunk waits for {@link #end}).
 * Only the first choice is rendered: Gemini streams one candidate.
 */
public final class GeminiStreamWriter {

    private static final byte[] DATA = "data: ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] END_OF_EVENT = "\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

    private final Map<Integer, PendingCall> calls = new TreeMap<>();
    private String model;
    private String id;
    private FinishReason reason;
    private Usage usage;

    /** @param model the model to report until the upstream names its own */
    public GeminiStreamWriter(String model) {
        this.model = model;
    }

    /** The chunks {@code event} produces, in order; often none (tool-call fragments, the finish, the usage). */
    public List<ObjectNode> chunks(StreamEvent event) {
        if (event instanceof StreamEvent.Start start) {
            id = start.id();
            if (start.model() != null) {
                model = start.model();
            }
        } else if (event instanceof StreamEvent.TextDelta delta) {
            if (delta.choice() == 0 && !delta.text().isEmpty()) {
                return List.of(chunk(delta.text(), List.of(), null, null));
            }
        } else if (event instanceof StreamEvent.ToolCallStart start) {
            if (start.choice() == 0) {
                calls.put(start.index(), new PendingCall(start.id(), start.name(), new StringBuilder()));
            }
        } else if (event instanceof StreamEvent.ToolCallDelta delta) {
            PendingCall call = delta.choice() == 0 ? calls.get(delta.index()) : null;
            if (call != null) {
                call.arguments().append(delta.argumentsFragment());
            }
        } else if (event instanceof StreamEvent.Finish finish) {
            if (finish.choice() == 0) {
                reason = finish.reason();
            }
        } else if (event instanceof StreamEvent.UsageReport report) {
            usage = report.usage();
        } else if (event instanceof StreamEvent.Failure failure) {
            return List.of(error(failure.error()));
        }
        return List.of();
    }

    /** The last chunk: buffered function calls, the finish reason and the usage. */
    public ObjectNode last() {
        List<ToolCall> whole = new ArrayList<>();
        calls.values().forEach(c -> whole.add(new ToolCall(c.id(), c.name(), c.arguments().toString())));
        calls.clear();
        return chunk(null, whole, reason != null ? reason : FinishReason.STOP, usage);
    }

    /** {@link #chunks} as {@code alt=sse} frames. */
    public byte[] frames(StreamEvent event) {
        List<ObjectNode> chunks = chunks(event);
        if (chunks.isEmpty()) {
            return new byte[0];
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        chunks.forEach(c -> frame(out, c));
        return out.toByteArray();
    }

    /** {@link #last} as an {@code alt=sse} frame. */
    public byte[] end() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        frame(out, last());
        return out.toByteArray();
    }

    /** Google's error body, sent as the final chunk when the stream fails after it began. */
    public static ObjectNode error(ProviderError error) {
        return GeminiCodec.errorBody(error.clientStatus(), error.message());
    }

    public static byte[] frame(ObjectNode chunk) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        frame(out, chunk);
        return out.toByteArray();
    }

    private static void frame(ByteArrayOutputStream out, ObjectNode chunk) {
        out.writeBytes(DATA);
        out.writeBytes(GeminiCodec.write(chunk));
        out.writeBytes(END_OF_EVENT);
    }

    private ObjectNode chunk(String text, List<ToolCall> toolCalls, FinishReason finish, Usage chunkUsage) {
        ObjectNode root = GeminiCodec.MAPPER.createObjectNode();
        GeminiResponseRenderer.candidate(root.putArray("candidates").addObject(), text, toolCalls, finish);
        GeminiResponseRenderer.envelope(root, chunkUsage, model, id);
        return root;
    }

    private record PendingCall(String id, String name, StringBuilder arguments) {
    }
}
