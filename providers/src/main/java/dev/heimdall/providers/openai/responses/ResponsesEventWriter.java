package dev.heimdall.providers.openai.responses;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.heimdall.providers.canonical.FinishReason;
import dev.heimdall.providers.canonical.StreamEvent;
import dev.heimdall.providers.canonical.Usage;
import dev.heimdall.providers.spi.ProviderError;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns canonical {@link StreamEvent}s into the Responses API's server-sent events, each framed as
 * {@code event: <type>\ndata: <json>\n\n} with a {@code sequence_number} that increases by one from 0:
 *
 * <ol>
 *   <li>{@code response.created} then {@code response.in_progress}, before anything else;</li>
 *   <li>per text output: {@code response.output_item.added} (a message), {@code response.content_part.added},
 *       {@code response.output_text.delta}..., then {@code response.output_text.done},
 *       {@code response.content_part.done} and {@code response.output_item.done};</li>
 *   <li>per tool call: {@code response.output_item.added} (a function call with empty arguments),
 *       {@code response.function_call_arguments.delta}..., then {@code response.function_call_arguments.done} and
 *       {@code response.output_item.done};</li>
 *   <li>{@code response.completed}, or {@code response.incomplete} when the output was cut, with the whole response
 *       and its usage. There is no {@code [DONE]} line: the Responses API sends none.</li>
 * </ol>
 *
 * A text item is closed when a tool call starts; tool call items stay open until the choice finishes, because chat
 * providers may interleave the argument fragments of parallel calls. An upstream failure after the stream started
 * ends it with an {@code error} event and {@code response.failed}, never a silent truncation.
 *
 * <p>One instance per response stream; not thread-safe.
 */
public final class ResponsesEventWriter {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final byte[] FRAME_END = {'\n', '\n'};

    private final ResponsesRequest request;
    private final String responseId;
    private final String model;
    private final long createdAt;
    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream(512);
    private final ArrayNode output = NODES.arrayNode();
    private final Map<Integer, ToolItem> toolItems = new HashMap<>();
    private final List<ToolItem> openToolItems = new ArrayList<>();
    private long sequence;
    private boolean started;
    private boolean terminated;
    private TextItem text;
    private FinishReason finishReason;
    private Usage usage;

    /**
     * @param responseId the id the client sees ({@code resp_...})
     * @param model      the model name the client sees
     * @param createdAt  Unix seconds
     */
    public ResponsesEventWriter(ResponsesRequest request, String responseId, String model, long createdAt) {
        this.request = request;
        this.responseId = responseId;
        this.model = model;
        this.createdAt = createdAt;
    }

    /** The complete SSE frames (possibly several, possibly none) for one canonical event. */
    public byte[] frames(StreamEvent event) {
        buffer.reset();
        if (terminated) {
            return new byte[0];
        }
        begin();
        if (event instanceof StreamEvent.TextDelta d) {
            textDelta(d.text());
        } else if (event instanceof StreamEvent.ToolCallStart s) {
            toolCallStart(s);
        } else if (event instanceof StreamEvent.ToolCallDelta d) {
            toolCallDelta(d);
        } else if (event instanceof StreamEvent.Finish f) {
            closeAll();
            finishReason = f.reason();
        } else if (event instanceof StreamEvent.UsageReport u) {
            usage = u.usage();
        } else if (event instanceof StreamEvent.Failure f) {
            fail(f.error());
        }
        return buffer.toByteArray();
    }

    /** The frames that end a stream that ended normally: open items closed, then the whole response. */
    public byte[] end() {
        buffer.reset();
        if (terminated) {
            return new byte[0];
        }
        begin();
        closeAll();
        terminated = true;
        String status = ResponsesRenderer.status(finishReason);
        emit("response." + status, NODES.objectNode().set("response", snapshot(status, null)));
        return buffer.toByteArray();
    }

    private void begin() {
        if (started) {
            return;
        }
        started = true;
        emit("response.created", NODES.objectNode().set("response", snapshot("in_progress", null)));
        emit("response.in_progress", NODES.objectNode().set("response", snapshot("in_progress", null)));
    }

    private void textDelta(String delta) {
        if (text == null) {
            int index = output.size();
            text = new TextItem(ResponsesRenderer.itemId("msg_", responseId, index), index);
            output.add(NODES.nullNode());
            emit("response.output_item.added", outputIndex(index)
                    .set("item", ResponsesRenderer.messageItem(text.id, "in_progress", null)));
            emit("response.content_part.added", part(text).set("part", ResponsesRenderer.outputText("")));
        }
        text.text.append(delta);
        emit("response.output_text.delta", part(text).put("delta", delta).set("logprobs", NODES.arrayNode()));
    }

    private void closeText() {
        if (text == null) {
            return;
        }
        String full = text.text.toString();
        emit("response.output_text.done", part(text).put("text", full).set("logprobs", NODES.arrayNode()));
        emit("response.content_part.done", part(text).set("part", ResponsesRenderer.outputText(full)));
        ObjectNode item = ResponsesRenderer.messageItem(text.id, "completed", full);
        output.set(text.outputIndex, item);
        emit("response.output_item.done", outputIndex(text.outputIndex).set("item", item));
        text = null;
    }

    private void toolCallStart(StreamEvent.ToolCallStart start) {
        closeText();
        int index = output.size();
        ToolItem item = new ToolItem(ResponsesRenderer.itemId("fc_", responseId, index), index, start.id(),
                start.name());
        output.add(NODES.nullNode());
        toolItems.put(start.index(), item);
        openToolItems.add(item);
        emit("response.output_item.added", outputIndex(index).set("item",
                ResponsesRenderer.functionCallItem(item.id, "in_progress", item.callId, item.name, "")));
    }

    private void toolCallDelta(StreamEvent.ToolCallDelta delta) {
        ToolItem item = toolItems.get(delta.index());
        if (item == null || item.closed) {
            // a fragment without its start (or after the choice finished) has no item to belong to
            return;
        }
        item.arguments.append(delta.argumentsFragment());
        emit("response.function_call_arguments.delta", outputIndex(item.outputIndex).put("item_id", item.id)
                .put("delta", delta.argumentsFragment()));
    }

    private void closeAll() {
        closeText();
        for (ToolItem item : openToolItems) {
            String arguments = item.arguments.toString();
            emit("response.function_call_arguments.done", outputIndex(item.outputIndex).put("item_id", item.id)
                    .put("name", item.name).put("arguments", arguments));
            ObjectNode done = ResponsesRenderer.functionCallItem(item.id, "completed", item.callId, item.name,
                    arguments);
            output.set(item.outputIndex, done);
            item.closed = true;
            emit("response.output_item.done", outputIndex(item.outputIndex).set("item", done));
        }
        openToolItems.clear();
    }

    private void fail(ProviderError error) {
        terminated = true;
        emit("error", NODES.objectNode().put("code", ResponsesRenderer.errorCode(error))
                .put("message", error.message()).putNull("param"));
        emit("response.failed", NODES.objectNode().set("response", snapshot("failed", error)));
    }

    /** The response so far: finished items only, as OpenAI's snapshots show them. */
    private ObjectNode snapshot(String status, ProviderError error) {
        ArrayNode items = NODES.arrayNode();
        output.forEach(item -> {
            if (!item.isNull()) {
                items.add(item);
            }
        });
        Usage reported = status.equals("in_progress") ? null : usage;
        return ResponsesRenderer.response(request, responseId, model, createdAt, status, finishReason, items,
                reported, error);
    }

    private static ObjectNode outputIndex(int index) {
        return NODES.objectNode().put("output_index", index);
    }

    private static ObjectNode part(TextItem text) {
        return NODES.objectNode().put("item_id", text.id).put("output_index", text.outputIndex)
                .put("content_index", 0);
    }

    private void emit(String type, ObjectNode fields) {
        ObjectNode event = NODES.objectNode();
        event.put("type", type);
        event.put("sequence_number", sequence++);
        event.setAll(fields);
        try {
            buffer.writeBytes(("event: " + type + "\ndata: ").getBytes(StandardCharsets.US_ASCII));
            buffer.writeBytes(MAPPER.writeValueAsBytes(event));
            buffer.writeBytes(FRAME_END);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise a Responses event", e);
        }
    }

    private static final class TextItem {
        final String id;
        final int outputIndex;
        final StringBuilder text = new StringBuilder();

        TextItem(String id, int outputIndex) {
            this.id = id;
            this.outputIndex = outputIndex;
        }
    }

    private static final class ToolItem {
        final String id;
        final int outputIndex;
        final String callId;
        final String name;
        final StringBuilder arguments = new StringBuilder();
        boolean closed;

        ToolItem(String id, int outputIndex, String callId, String name) {
            this.id = id;
            this.outputIndex = outputIndex;
            this.callId = callId;
            this.name = name;
        }
    }
}
