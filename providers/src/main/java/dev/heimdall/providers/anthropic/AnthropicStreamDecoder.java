package dev.heimdall.providers.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import dev.heimdall.providers.canonical.StreamEvent;
import dev.heimdall.providers.canonical.Usage;
import dev.heimdall.providers.spi.ProviderError;
import dev.heimdall.providers.spi.StreamDecoder;
import dev.heimdall.providers.stream.SseParser;

import java.io.IOException;
import java.util.Arrays;
import java.util.function.Consumer;

/**
 * Decodes an Anthropic Messages stream: {@code message_start}, content blocks ({@code content_block_start / _delta /
 * _stop}), {@code message_delta} with the stop reason and output tokens, {@code message_stop}. Tool calls are numbered
 * among tool blocks only (a text block before them does not shift their index). The usage is reported once, at
 * {@code message_stop}, combining the input counts of {@code message_start} with the final output count. An
 * {@code error} event is classified like an HTTP error of the matching status.
 */
final class AnthropicStreamDecoder implements StreamDecoder, SseParser.Handler {

    private final AnthropicAdapter adapter;
    private final SseParser parser = new SseParser(this);
    private Consumer<StreamEvent> out;
    private int[] toolIndexByBlock = new int[8];
    private int nextToolIndex;
    private long inputTokens;
    private long cacheReadTokens;
    private long cacheWriteTokens;
    private long outputTokens;
    private boolean complete;
    private boolean failed;

    AnthropicStreamDecoder(AnthropicAdapter adapter) {
        this.adapter = adapter;
        Arrays.fill(toolIndexByBlock, -1);
    }

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
            out.accept(new StreamEvent.Failure(new ProviderError.ProtocolError("stream ended before message_stop")));
        }
    }

    @Override
    public void onEvent(String event, String data) {
        if (complete || failed || event.equals("ping")) {
            return;
        }
        JsonNode json;
        try {
            json = AnthropicAdapter.MAPPER.readTree(data);
        } catch (IOException e) {
            fail(new ProviderError.ProtocolError("undecodable event in Anthropic stream"));
            return;
        }
        if (json == null || !json.isObject()) {
            fail(new ProviderError.ProtocolError("undecodable event in Anthropic stream"));
            return;
        }
        String type = json.path("type").asText(event);
        switch (type) {
            case "message_start" -> {
                JsonNode message = json.path("message");
                JsonNode usage = message.path("usage");
                inputTokens = usage.path("input_tokens").asLong();
                cacheReadTokens = usage.path("cache_read_input_tokens").asLong();
                cacheWriteTokens = usage.path("cache_creation_input_tokens").asLong();
                outputTokens = usage.path("output_tokens").asLong();
                out.accept(new StreamEvent.Start(message.path("id").asText(null), message.path("model").asText(null)));
            }
            case "content_block_start" -> {
                int block = json.path("index").asInt();
                JsonNode content = json.path("content_block");
                String kind = content.path("type").asText();
                if (kind.equals("text")) {
                    String text = content.path("text").asText("");
                    if (!text.isEmpty()) {
                        out.accept(new StreamEvent.TextDelta(0, text));
                    }
                } else if (kind.equals("tool_use")) {
                    int tool = nextToolIndex++;
                    rememberTool(block, tool);
                    out.accept(new StreamEvent.ToolCallStart(0, tool, content.path("id").asText(null),
                            content.path("name").asText(null)));
                }
            }
            case "content_block_delta" -> {
                JsonNode delta = json.path("delta");
                switch (delta.path("type").asText()) {
                    case "text_delta" -> {
                        String text = delta.path("text").asText("");
                        if (!text.isEmpty()) {
                            out.accept(new StreamEvent.TextDelta(0, text));
                        }
                    }
                    case "input_json_delta" -> {
                        String partial = delta.path("partial_json").asText("");
                        int tool = toolIndex(json.path("index").asInt());
                        if (!partial.isEmpty() && tool >= 0) {
                            out.accept(new StreamEvent.ToolCallDelta(0, tool, partial));
                        }
                    }
                    default -> {
                        // thinking_delta, signature_delta, citations_delta: no canonical form
                    }
                }
            }
            case "message_delta" -> {
                JsonNode usage = json.path("usage");
                if (usage.has("output_tokens")) {
                    outputTokens = usage.get("output_tokens").asLong();
                }
                if (usage.has("input_tokens")) {
                    inputTokens = usage.get("input_tokens").asLong();
                }
                if (usage.has("cache_read_input_tokens")) {
                    cacheReadTokens = usage.get("cache_read_input_tokens").asLong();
                }
                if (usage.has("cache_creation_input_tokens")) {
                    cacheWriteTokens = usage.get("cache_creation_input_tokens").asLong();
                }
                String stop = json.path("delta").path("stop_reason").textValue();
                if (stop != null) {
                    out.accept(new StreamEvent.Finish(0, AnthropicAdapter.finishReason(stop)));
                }
            }
            case "message_stop" -> {
                complete = true;
                out.accept(new StreamEvent.UsageReport(
                        Usage.withSeparateCache(inputTokens, cacheReadTokens, cacheWriteTokens, outputTokens)));
            }
            case "error" -> fail(streamError(json.path("error")));
            default -> {
                // content_block_stop and event types added to the API later carry nothing we need
            }
        }
    }

    private void rememberTool(int block, int tool) {
        if (block < 0) {
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

    private void fail(ProviderError error) {
        failed = true;
        out.accept(new StreamEvent.Failure(error));
    }

    private ProviderError streamError(JsonNode error) {
        int status = switch (error.path("type").asText("")) {
            case "overloaded_error" -> 529;
            case "rate_limit_error" -> 429;
            case "invalid_request_error" -> 400;
            case "authentication_error" -> 401;
            case "permission_error" -> 403;
            case "not_found_error" -> 404;
            case "request_too_large" -> 413;
            default -> 500;
        };
        return adapter.classify(status, null, error);
    }
}
