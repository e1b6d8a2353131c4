package dev.heimdall.providers.anthropic;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.heimdall.providers.canonical.FinishReason;
import dev.heimdall.providers.canonical.StreamEvent;
import dev.heimdall.providers.canonical.Usage;
import dev.heimdall.providers.spi.ProviderError;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * Renders canonical stream events as Anthropic's exact SSE sequence: {@code message_start}, then per content block
 * {@code content_block_start}, {@code content_block_delta} ({@code text_delta} / {@code input_json_delta}),
 * {@code content_block_stop}, then {@code message_delta} with the stop reason and usage, and {@code message_stop}.
 * One instance per stream; not thread-safe.
 */
public final class AnthropicEventWriter {

    private final String model;
    private String id;
    private boolean started;
    private int nextBlock;
    private int openBlock = -1;
    private boolean openIsText;
    private final Map<Integer, Integer> toolBlocks = new HashMap<>();
    private FinishReason finish;
    private Usage usage;

    public AnthropicEventWriter(String model) {
        this.model = model;
    }

    /** The SSE frames for one event; possibly empty. */
    public byte[] frames(StreamEvent event) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        if (!started && !(event instanceof StreamEvent.Failure)) {
            start(event instanceof StreamEvent.Start s ? s.id() : null, out);
        }
        if (event instanceof StreamEvent.TextDelta text) {
            if (openBlock < 0 || !openIsText) {
                closeBlock(out);
                openBlock = nextBlock++;
                openIsText = true;
                ObjectNode start = node("content_block_start");
                start.put("index", openBlock);
                start.putObject("content_block").put("type", "text").put("text", "");
                write(out, start);
            }
            ObjectNode delta = node("content_block_delta");
            delta.put("index", openBlock);
            delta.putObject("delta").put("type", "text_delta").put("text", text.text());
            write(out, delta);
        } else if (event instanceof StreamEvent.ToolCallStart call) {
            closeBlock(out);
            openBlock = nextBlock++;
            openIsText = false;
            toolBlocks.put(call.index(), openBlock);
            ObjectNode start = node("content_block_start");
            start.put("index", openBlock);
            ObjectNode block = start.putObject("content_block");
            block.put("type", "tool_use").put("id", AnthropicMessageRenderer.toolUseId(call.id())).put("name", call.name());
            block.putObject("input");
            write(out, start);
        } else if (event instanceof StreamEvent.ToolCallDelta delta) {
            Integer block = toolBlocks.get(delta.index());
            if (block != null && !delta.argumentsFragment().isEmpty()) {
                ObjectNode node = node("content_block_delta");
                node.put("index", block);
                node.putObject("delta").put("type", "input_json_delta").put("partial_json", delta.argumentsFragment());
                write(out, node);
            }
        } else if (event instanceof StreamEvent.Finish f) {
            finish = f.reason();
        } else if (event instanceof StreamEvent.UsageReport report) {
            usage = report.usage();
        } else if (event instanceof StreamEvent.Failure failure) {
            write(out, error(failure.error()));
        }
        return out.toByteArray();
    }

    /** The closing frames of a stream that ended normally. */
    public byte[] end() {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        if (!started) {
            start(null, out);
        }
        closeBlock(out);
        ObjectNode delta = node("message_delta");
        delta.putObject("delta").put("stop_reason", AnthropicMessageRenderer.stopReason(finish)).putNull("stop_sequence");
        delta.set("usage", AnthropicMessageRenderer.usage(usage));
        write(out, delta);
        write(out, node("message_stop"));
        return out.toByteArray();
    }

    /** Anthropic's error event and body shape for a provider error. */
    public static ObjectNode error(ProviderError error) {
        ObjectNode root = AnthropicAdapter.MAPPER.createObjectNode();
        root.put("type", "error");
        root.putObject("error").put("type", errorType(error.clientStatus())).put("message", error.message());
        return root;
    }

    /** Anthropic's error {@code type} for an HTTP status. */
    public static String errorType(int status) {
        return switch (status) {
            case 400, 413 -> status == 413 ? "request_too_large" : "invalid_request_error";
            case 401 -> "authentication_error";
            case 403 -> "permission_error";
            case 404 -> "not_found_error";
            case 429 -> "rate_limit_error";
            case 529, 503 -> "overloaded_error";
            default -> status >= 500 ? "api_error" : "invalid_request_error";
        };
    }

    private void start(String upstreamId, ByteArrayOutputStream out) {
        started = true;
        id = upstreamId != null && upstreamId.startsWith("msg_") ? upstreamId : "msg_" + (upstreamId == null ? "heimdall" : upstreamId);
        ObjectNode start = node("message_start");
        ObjectNode message = start.putObject("message");
        message.put("id", id).put("type", "message").put("role", "assistant").put("model", model);
        message.putArray("content");
        message.putNull("stop_reason").putNull("stop_sequence");
        message.set("usage", AnthropicMessageRenderer.usage(Usage.ZERO));
        write(out, start);
        write(out, node("ping"));
    }

    private void closeBlock(ByteArrayOutputStream out) {
        if (openBlock >= 0) {
            ObjectNode stop = node("content_block_stop");
            stop.put("index", openBlock);
            write(out, stop);
            openBlock = -1;
        }
    }

    private static ObjectNode node(String type) {
        ObjectNode node = AnthropicAdapter.MAPPER.createObjectNode();
        node.put("type", type);
        return node;
    }

    private static void write(ByteArrayOutputStream out, ObjectNode event) {
        try {
            out.writeBytes(("event: " + event.get("type").asText() + "\ndata: ").getBytes(StandardCharsets.UTF_8));
            out.writeBytes(AnthropicAdapter.MAPPER.writeValueAsBytes(event));
            out.writeBytes("\n\n".getBytes(StandardCharsets.UTF_8));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
