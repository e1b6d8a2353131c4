package dev.heimdall.providers.gemini;

import com.fasterxml.jackson.databind.JsonNode;
import dev.heimdall.providers.canonical.FinishReason;
import dev.heimdall.providers.canonical.StreamEvent;
import dev.heimdall.providers.canonical.ToolCall;
import dev.heimdall.providers.canonical.Usage;
import dev.heimdall.providers.spi.ProviderError;
import dev.heimdall.providers.spi.StreamDecoder;
import dev.heimdall.providers.stream.SseParser;

import java.io.IOException;
import java.time.Clock;
import java.util.function.Consumer;

/**
 * Decodes {@code streamGenerateContent?alt=sse}: every {@code data:} is a whole {@code GenerateContentResponse}
 * holding the next piece of the candidate. Text parts become text deltas; a {@code functionCall} part arrives whole
 * and becomes a tool-call start plus one delta with all its arguments. The chunk with a {@code finishReason} ends the
 * answer; {@code usageMetadata} (cumulative, repeated on several chunks) is reported once, from the last chunk that
 * had it, when the body ends. An {@code error} object inside the stream is classified like an HTTP error.
 */
final class GeminiStreamDecoder implements StreamDecoder, SseParser.Handler {

    private final Clock clock;
    private final SseParser parser = new SseParser(this);
    private Consumer<StreamEvent> out;
    private boolean started;
    private int tools;
    private FinishReason finish;
    private JsonNode usage;
    private boolean failed;

    GeminiStreamDecoder(Clock clock) {
        this.clock = clock;
    }

    @Override
    public void feed(byte[] bytes, Consumer<StreamEvent> out) {
        if (failed) {
            return;
        }
        this.out = out;
        parser.feed(bytes);
    }

    @Override
    public void end(Consumer<StreamEvent> out) {
        if (failed) {
            return;
        }
        if (finish == null) {
            failed = true;
            out.accept(new StreamEvent.Failure(new ProviderError.ProtocolError(
                    "Gemini stream ended without a finishReason")));
            return;
        }
        Usage u = GeminiCodec.usage(usage);
        if (u != null) {
            out.accept(new StreamEvent.UsageReport(u));
        }
    }

    @Override
    public void onEvent(String event, String data) {
        if (failed) {
            return;
        }
        JsonNode chunk;
        try {
            chunk = GeminiCodec.MAPPER.readTree(data);
        } catch (IOException e) {
            chunk = null;
        }
        if (chunk == null || !chunk.isObject()) {
            fail(new ProviderError.ProtocolError("undecodable event in Gemini stream"));
            return;
        }
        if (chunk.path("error").isObject()) {
            JsonNode error = chunk.get("error");
            fail(GeminiCodec.classify(error.path("code").asInt(500), null, error, clock));
            return;
        }
        if (!started) {
            started = true;
            out.accept(new StreamEvent.Start(chunk.path("responseId").asText(null),
                    chunk.path("modelVersion").asText(null)));
        }
        if (chunk.path("usageMetadata").isObject()) {
            usage = chunk.get("usageMetadata");
        }
        JsonNode candidate = chunk.path("candidates").path(0);
        for (JsonNode part : candidate.path("content").path("parts")) {
            if (part.path("thought").asBoolean(false)) {
                continue;
            }
            if (part.path("text").isTextual()) {
                String text = part.get("text").textValue();
                if (!text.isEmpty()) {
                    out.accept(new StreamEvent.TextDelta(0, text));
                }
            } else if (part.path("functionCall").isObject()) {
                int index = tools++;
                ToolCall call = GeminiCodec.toolCall(part.get("functionCall"), index);
                out.accept(new StreamEvent.ToolCallStart(0, index, call.id(), call.name()));
                out.accept(new StreamEvent.ToolCallDelta(0, index, call.arguments()));
            }
        }
        String reason = candidate.path("finishReason").asText(null);
        if (candidate.isMissingNode() && chunk.path("promptFeedback").has("blockReason")) {
            reason = "SAFETY";
        }
        if (finish == null && reason != null && !reason.equals("FINISH_REASON_UNSPECIFIED")) {
            finish = GeminiCodec.finishReason(reason, tools > 0);
            out.accept(new StreamEvent.Finish(0, finish));
        }
    }

    private void fail(ProviderError error) {
        failed = true;
        out.accept(new StreamEvent.Failure(error));
    }
}
