package dev.heimdall.node.ingress.gemini;

import dev.heimdall.node.ingress.ResponderBase;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.heimdall.node.ingress.Json;
import dev.heimdall.node.pipeline.RequestScope;
import dev.heimdall.providers.canonical.ChatResponse;
import dev.heimdall.providers.canonical.StreamEvent;
import dev.heimdall.providers.gemini.GeminiResponseRenderer;
import dev.heimdall.providers.gemini.GeminiStreamWriter;
import dev.heimdall.providers.spi.ProviderError;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;

import java.util.List;

/**
 * Answers in Gemini's format, always translated from the canonical response. A stream is sent as server-sent events
 * when the client asked for {@code alt=sse} (the SDKs do), otherwise as one JSON array of chunks written as they come,
 * which is what {@code streamGenerateContent} returns without it.
 */
final class GeminiResponder extends ResponderBase {

    private final boolean sse;
    private GeminiStreamWriter writer;
    private boolean begun;
    private boolean firstArrayChunk = true;

    GeminiResponder(HttpServerResponse response, RequestScope scope, boolean sse) {
        super(response, scope);
        this.sse = sse;
    }


    @Override
    public void complete(ChatResponse chat) {
        answering(200);
        response.putHeader("content-type", "application/json; charset=UTF-8")
                .end(Buffer.buffer(Json.bytes(GeminiResponseRenderer.render(chat))));
    }

    @Override
    public void event(StreamEvent event) {
        begin();
        if (writer == null) {
            writer = new GeminiStreamWriter(scope.model());
        }
        List<ObjectNode> chunks = writer.chunks(event);
        if (!chunks.isEmpty()) {
            Buffer out = Buffer.buffer();
            chunks.forEach(c -> append(out, c));
            if (event instanceof StreamEvent.Failure) {
                response.end(sse ? out : out.appendString("]"));
            } else {
                response.write(out);
            }
        }
    }

    @Override
    public void end() {
        begin();
        if (writer == null) {
            writer = new GeminiStreamWriter(scope.model());
        }
        Buffer out = Buffer.buffer();
        append(out, writer.last());
        response.end(sse ? out : out.appendString("]"));
    }

    @Override
    public void fail(ProviderError error) {
        answering(error.clientStatus());
        GeminiErrors.upstream(response, error);
    }



    private void append(Buffer out, ObjectNode chunk) {
        if (sse) {
            out.appendBytes(GeminiStreamWriter.frame(chunk));
        } else {
            out.appendString(firstArrayChunk ? "[" : ",\r\n").appendBytes(Json.bytes(chunk));
            firstArrayChunk = false;
        }
    }

    private void begin() {
        if (begun) {
            return;
        }
        begun = true;
        beginStream(sse ? "text/event-stream" : "application/json; charset=UTF-8");
    }
}
