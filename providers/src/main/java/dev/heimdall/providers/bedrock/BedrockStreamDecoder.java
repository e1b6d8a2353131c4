package dev.heimdall.providers.bedrock;

import com.fasterxml.jackson.databind.JsonNode;
import dev.heimdall.providers.canonical.StreamEvent;
import dev.heimdall.providers.spi.ProviderError;
import dev.heimdall.providers.spi.StreamDecoder;

import java.io.IOException;
import java.util.Arrays;
import java.util.function.Consumer;

/**
 * Decodes a ConverseStream body: binary event-stream messages (see {@link EventStreamFramer}) whose
 * {@code :event-type} is {@code messageStart}, {@code contentBlockStart} (a tool call's id and name),
 * {@code contentBlockDelta} (text, or a fragment of a tool call's input JSON), {@code contentBlockStop},
 * {@code messageStop} (the stop reason) and {@code metadata} (the usage). A stream is complete after both
 * {@code messageStop} and {@code metadata}. An {@code exception} message is classified like the HTTP error it
 * stands for; a CRC mismatch is a protocol error, since nothing after it can be trusted.
 */
final class BedrockStreamDecoder implements StreamDecoder {

    private final BedrockAdapter adapter;
    private final String model;
    private final EventStreamFramer framer = new EventStreamFramer();
    private int[] toolIndexByBlock = new int[8];
    private int nextToolIndex;
    private boolean started;
    private boolean stopped;
    private boolean complete;
    private boolean failed;

    BedrockStreamDecoder(BedrockAdapter adapter, String model) {
        this.adapter = adapter;
        this.model = model;
        Arrays.fill(toolIndexByBlock, -1);
    }

    @Override
    public void feed(byte[] bytes, Consumer<StreamEvent> out) {
        if (complete || failed) {
            return;
        }
        try {
            framer.feed(bytes, message -> onMessage(message, out));
        } catch (EventStreamFramer.FramingException e) {
            fail(out, new ProviderError.ProtocolError("Bedrock stream: " + e.getMessage()));
        }
    }

    @Override
    public void end(Consumer<StreamEvent> out) {
        if (!complete && !failed) {
            fail(out, new ProviderError.ProtocolError(stopped
                    ? "Bedrock stream ended before its metadata event" : "Bedrock stream ended before messageStop"));
        }
    }

    private void onMessage(EventStreamFramer.Message message, Consumer<StreamEvent> out) {
        if (complete || failed) {
            return;
        }
        JsonNode json;
        try {
            json = message.payload().length == 0 ? BedrockAdapter.MAPPER.createObjectNode()
                    : BedrockAdapter.MAPPER.readTree(message.payload());
        } catch (IOException e) {
            json = null;
        }
        if (json == null || !json.isObject()) {
            fail(out, new ProviderError.ProtocolError("undecodable event in Bedrock stream"));
            return;
        }
        String messageType = message.header(":message-type");
        if ("exception".equals(messageType) || "error".equals(messageType)) {
            String type = message.header("exception".equals(messageType) ? ":exception-type" : ":error-code");
            fail(out, streamError(type == null ? "" : type, json.path("message").asText(null)));
            return;
        }
        String eventType = message.header(":event-type");
        if (eventType == null) {
            return;
        }
        switch (eventType) {
            case "messageStart" -> start(out);
            case "contentBlockStart" -> {
                start(out);
                JsonNode use = json.path("start").path("toolUse");
                if (use.isObject()) {
                    int tool = nextToolIndex++;
                    rememberTool(json.path("contentBlockIndex").asInt(-1), tool);
                    out.accept(new StreamEvent.ToolCallStart(0, tool, use.path("toolUseId").asText(null),
                            use.path("name").asText(null)));
                }
            }
            case "contentBlockDelta" -> {
                start(out);
                JsonNode delta = json.path("delta");
                if (delta.path("text").isTextual()) {
                    String text = delta.get("text").textValue();
                    if (!text.isEmpty()) {
                        out.accept(new StreamEvent.TextDelta(0, text));
                    }
                } else if (delta.path("toolUse").isObject()) {
                    String input = delta.get("toolUse").path("input").asText("");
                    int tool = toolIndex(json.path("contentBlockIndex").asInt(-1));
                    if (!input.isEmpty() && tool >= 0) {
                        out.accept(new StreamEvent.ToolCallDelta(0, tool, input));
                    }
                }
                // reasoningContent and citation deltas have no canonical form
            }
            case "messageStop" -> {
                start(out);
                stopped = true;
                out.accept(new StreamEvent.Finish(0, BedrockAdapter.finishReason(json.path("stopReason")
                        .asText("end_turn"))));
            }
            case "metadata" -> {
                if (!stopped) {
                    fail(out, new ProviderError.ProtocolError("Bedrock stream sent metadata before messageStop"));
                    return;
                }
                complete = true;
                var usage = BedrockAdapter.usage(json.get("usage"));
                if (usage != null) {
                    out.accept(new StreamEvent.UsageReport(usage));
                }
            }
            default -> {
                // contentBlockStop and event types added to the API later carry nothing we need
            }
        }
    }

    private void start(Consumer<StreamEvent> out) {
        if (!started) {
            started = true;
            out.accept(new StreamEvent.Start(null, model));
        }
    }

    private ProviderError streamError(String type, String message) {
        int status = switch (type) {
            case "throttlingException" -> 429;
            case "validationException" -> 400;
            case "serviceUnavailableException" -> 503;
            case "accessDeniedException" -> 403;
            case "modelTimeoutException" -> 408;
            default -> 500;
        };
        return adapter.classify(status, null, type, message);
    }

    private void rememberTool(int block, int tool) {
        if (block < 0 || block > 10_000) {
            return;
        }
        if (block >= toolIndexByBlock.length) {
            int old = toolIndexByBlock.length;
            toolIndexByBlock = Arrays.copyOf(toolIndexByBlock, Math.max(old * 2, block + 1));
            Arrays.fill(toolIndexByBlock, old, toolIndexByBlock.length, -1);
        }
        toolIndexByBlock[block] = tool;
    }

    private int toolIndex(int block) {
        return block >= 0 && block < toolIndexByBlock.length ? toolIndexByBlock[block] : -1;
    }

    private void fail(Consumer<StreamEvent> out, ProviderError error) {
        failed = true;
        out.accept(new StreamEvent.Failure(error));
    }
}
