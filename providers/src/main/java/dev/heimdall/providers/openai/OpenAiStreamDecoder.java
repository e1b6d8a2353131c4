package dev.heimdall.providers.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.heimdall.providers.canonical.FinishReason;
import dev.heimdall.providers.canonical.StreamEvent;
import dev.heimdall.providers.canonical.Usage;
import dev.heimdall.providers.spi.ProviderError;
import dev.heimdall.providers.spi.StreamDecoder;
import dev.heimdall.providers.stream.SseParser;

import java.io.IOException;
import java.util.function.Consumer;

/**
 * Decodes an OpenAI {@code chat.completion.chunk} stream. {@link StreamEvent.Start} comes with the first chunk; a tool
 * call's first fragment (the one carrying its id or name) gives {@link StreamEvent.ToolCallStart}, argument text
 * gives {@link StreamEvent.ToolCallDelta}; the usage chunk gives {@link StreamEvent.UsageReport}; {@code [DONE]} ends
 * the stream. An {@code error} object in the stream, an undecodable chunk, or an end without {@code [DONE]} gives a
 * {@link StreamEvent.Failure}, after which nothing more is emitted.
 */
final class OpenAiStreamDecoder implements StreamDecoder, SseParser.Handler {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final OpenAiAdapter adapter;
    private final SseParser parser = new SseParser(this);
    private Consumer<StreamEvent> out;
    private boolean started;
    private boolean done;
    private boolean failed;

    OpenAiStreamDecoder(OpenAiAdapter adapter) {
        this.adapter = adapter;
    }

    @Override
    public void feed(byte[] bytes, Consumer<StreamEvent> out) {
        if (done || failed) {
            return;
        }
        this.out = out;
        parser.feed(bytes);
    }

    @Override
    public void end(Consumer<StreamEvent> out) {
        if (!done && !failed) {
            failed = true;
            out.accept(new StreamEvent.Failure(new ProviderError.ProtocolError("stream ended before [DONE]")));
        }
    }

    @Override
    public void onEvent(String event, String data) {
        if (done || failed) {
            return;
        }
        if (data.equals("[DONE]")) {
            done = true;
            return;
        }
        JsonNode chunk;
        try {
            chunk = MAPPER.readTree(data);
        } catch (IOException e) {
            fail(new ProviderError.ProtocolError("undecodable chunk in OpenAI stream"));
            return;
        }
        if (chunk == null || !chunk.isObject()) {
            fail(new ProviderError.ProtocolError("undecodable chunk in OpenAI stream"));
            return;
        }
        JsonNode error = chunk.get("error");
        if (error != null && !error.isNull()) {
            fail(streamError(error));
            return;
        }
        if (!started) {
            started = true;
            out.accept(new StreamEvent.Start(chunk.path("id").asText(null), chunk.path("model").asText(null)));
        }
        for (JsonNode choice : chunk.path("choices")) {
            int index = choice.path("index").asInt();
            JsonNode delta = choice.path("delta");
            JsonNode content = delta.get("content");
            if (content != null && content.isTextual() && !content.textValue().isEmpty()) {
                out.accept(new StreamEvent.TextDelta(index, content.textValue()));
            }
            for (JsonNode call : delta.path("tool_calls")) {
                int toolIndex = call.path("index").asInt();
                JsonNode function = call.path("function");
                JsonNode id = call.get("id");
                JsonNode name = function.get("name");
                if ((id != null && id.isTextual()) || (name != null && name.isTextual())) {
                    out.accept(new StreamEvent.ToolCallStart(index, toolIndex, id == null ? null : id.asText(null),
                            name == null ? null : name.asText(null)));
                }
                JsonNode arguments = function.get("arguments");
                if (arguments != null && arguments.isTextual() && !arguments.textValue().isEmpty()) {
                    out.accept(new StreamEvent.ToolCallDelta(index, toolIndex, arguments.textValue()));
                }
            }
            JsonNode finish = choice.get("finish_reason");
            if (finish != null && finish.isTextual()) {
                out.accept(new StreamEvent.Finish(index, FinishReason.fromOpenAi(finish.textValue())));
            }
        }
        Usage usage = OpenAiAdapter.usage(chunk.get("usage"));
        if (usage != null) {
            out.accept(new StreamEvent.UsageReport(usage));
        }
    }

    private void fail(ProviderError error) {
        failed = true;
        out.accept(new StreamEvent.Failure(error));
    }

    /** An error reported inside a 200 stream has no status; its {@code type} or {@code code} says what it was. */
    private ProviderError streamError(JsonNode error) {
        String type = error.path("type").asText("");
        String code = error.path("code").asText("");
        int status;
        if (type.contains("rate_limit") || code.contains("rate_limit")) {
            status = 429;
        } else if (type.equals("invalid_request_error")) {
            status = 400;
        } else {
            status = 500;
        }
        byte[] body;
        try {
            body = MAPPER.writeValueAsBytes(MAPPER.createObjectNode().set("error", error));
        } catch (IOException e) {
            body = null;
        }
        return adapter.classifyError(status, null, body);
    }
}
