package dev.heimdall.providers.cohere;

import com.fasterxml.jackson.databind.JsonNode;
import dev.heimdall.providers.canonical.StreamEvent;
import dev.heimdall.providers.canonical.Usage;
import dev.heimdall.providers.spi.ProviderError;
import dev.heimdall.providers.spi.StreamDecoder;
import dev.heimdall.providers.stream.SseParser;

import java.io.IOException;
import java.util.function.Consumer;

/**
 * Decodes a Cohere v2 chat stream: SSE events whose data carry a {@code type} ({@code message-start},
 * {@code content-start}, {@code content-delta}, {@code content-end}, {@code tool-plan-delta}, {@code tool-call-start},
 * {@code tool-call-delta}, {@code tool-call-end}, {@code citation-*}, {@code message-end}). Tool calls are numbered in
 * the order they start; argument fragments belong to the call started last (Cohere streams calls one after another).
 * {@code message-end} gives the finish reason and the usage and ends the stream; a {@code finish_reason} of
 * {@code ERROR} is a failure. The tool plan (Cohere's reasoning before calling tools) has no canonical form.
 */
final class CohereStreamDecoder implements StreamDecoder, SseParser.Handler {

    private final SseParser parser = new SseParser(this);
    private Consumer<StreamEvent> out;
    private int nextTool;
    private boolean started;
    private boolean complete;
    private boolean failed;

    @Override
    public void feed(byte[] bytes, Consumer<StreamEvent> out) {
        if (complete || failed) {
            return;
        }
        this.out = out;
        parser.feed(bytes);
    }

    @Override
    public void end(Consumer<StreamEvent> out) {
        if (!complete && !failed) {
            failed = true;
            out.accept(new StreamEvent.Failure(new ProviderError.ProtocolError("stream ended before message-end")));
        }
    }

    @Override
    public void onEvent(String event, String data) {
        if (complete || failed) {
            return;
        }
        JsonNode json;
        try {
            json = CohereAdapter.MAPPER.readTree(data);
        } catch (IOException e) {
            json = null;
        }
        if (json == null || !json.isObject()) {
            fail(new ProviderError.ProtocolError("undecodable event in Cohere stream"));
            return;
        }
        JsonNode message = json.path("delta").path("message");
        switch (json.path("type").asText(event)) {
            case "message-start" -> start(json.path("id").asText(null));
            case "content-start", "content-delta" -> {
                start(null);
                String text = message.path("content").path("text").asText("");
                if (!text.isEmpty()) {
                    out.accept(new StreamEvent.TextDelta(0, text));
                }
            }
            case "tool-call-start" -> {
                start(null);
                JsonNode call = message.path("tool_calls");
                int index = nextTool++;
                out.accept(new StreamEvent.ToolCallStart(0, index, call.path("id").asText(null),
                        call.path("function").path("name").asText(null)));
                arguments(index, call);
            }
            case "tool-call-delta" -> {
                if (nextTool > 0) {
                    arguments(nextTool - 1, message.path("tool_calls"));
                }
            }
            case "message-end" -> {
                start(null);
                JsonNode delta = json.path("delta");
                String reason = delta.path("finish_reason").asText(null);
                if ("ERROR".equals(reason)) {
                    String error = delta.path("error").asText("Cohere stopped the generation with an error");
                    fail(new ProviderError.ServerError(error, 502));
                    return;
                }
                complete = true;
                if (reason != null) {
                    out.accept(new StreamEvent.Finish(0, CohereAdapter.finishReason(reason)));
                }
                Usage usage = CohereAdapter.usage(delta.get("usage"));
                if (usage != null) {
                    out.accept(new StreamEvent.UsageReport(usage));
                }
            }
            default -> {
                // content-end, tool-plan-delta, tool-call-end, citation-start/-end and later additions
            }
        }
    }

    /** Cohere's first event is {@code message-start}; should it be missing, the first content still starts. */
    private void start(String id) {
        if (!started) {
            started = true;
            out.accept(new StreamEvent.Start(id, null));
        }
    }

    private void arguments(int index, JsonNode call) {
        String fragment = call.path("function").path("arguments").asText("");
        if (!fragment.isEmpty()) {
            out.accept(new StreamEvent.ToolCallDelta(0, index, fragment));
        }
    }

    private void fail(ProviderError error) {
        failed = true;
        out.accept(new StreamEvent.Failure(error));
    }
}
