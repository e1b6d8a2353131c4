package dev.heimdall.node.ingress.anthropic;

import dev.heimdall.node.ingress.Json;
import dev.heimdall.node.ingress.ResponseHeaders;
import dev.heimdall.node.pipeline.ChatSink;
import dev.heimdall.node.pipeline.RequestScope;
import dev.heimdall.providers.anthropic.AnthropicEventWriter;
import dev.heimdall.providers.anthropic.AnthropicMessageRenderer;
import dev.heimdall.providers.canonical.ChatResponse;
import dev.heimdall.providers.canonical.StreamEvent;
import dev.heimdall.providers.spi.ProviderError;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;

/**
 * Answers in Anthropic's Messages format: the upstream's own bytes when it is Anthropic (pass-through), otherwise
 * a translation of the canonical response or stream.
 */
final class AnthropicResponder implements ChatSink {

    private final HttpServerResponse response;
    private final RequestScope scope;
    private AnthropicEventWriter writer;
    private boolean begun;
    private int status;

    AnthropicResponder(HttpServerResponse response, RequestScope scope) {
        this.response = response;
        this.scope = scope;
    }

    int status() {
        return status;
    }

    @Override
    public void complete(ChatResponse chat) {
        String model = chat.model() != null ? chat.model() : scope.model();
        json(Buffer.buffer(Json.bytes(AnthropicMessageRenderer.render(chat, model))));
    }

    @Override
    public void completeRaw(Buffer body, ChatResponse decoded) {
        json(body);
    }

    @Override
    public void event(StreamEvent event) {
        begin();
        if (event instanceof StreamEvent.Failure failure) {
            byte[] json = Json.bytes(AnthropicEventWriter.error(failure.error()));
            response.end(Buffer.buffer().appendString("event: error\ndata: ").appendBytes(json).appendString("\n\n"));
            return;
        }
        if (writer == null) {
            writer = new AnthropicEventWriter(scope.model());
        }
        byte[] frames = writer.frames(event);
        if (frames.length > 0) {
            response.write(Buffer.buffer(frames));
        }
    }

    @Override
    public void rawChunk(Buffer chunk) {
        begin();
        response.write(chunk);
    }

    @Override
    public void end() {
        begin();
        if (writer != null) {
            response.end(Buffer.buffer(writer.end()));
        } else {
            response.end();
        }
    }

    @Override
    public void fail(ProviderError error) {
        status = error.clientStatus();
        ResponseHeaders.routing(response, scope);
        AnthropicErrors.upstream(response, error);
    }

    @Override
    public boolean writeQueueFull() {
        return response.writeQueueFull();
    }

    @Override
    public void onDrain(Runnable onDrain) {
        response.drainHandler(v -> onDrain.run());
    }

    private void json(Buffer body) {
        status = 200;
        ResponseHeaders.routing(response, scope);
        response.putHeader("content-type", "application/json").end(body);
    }

    private void begin() {
        if (begun) {
            return;
        }
        begun = true;
        status = 200;
        ResponseHeaders.routing(response, scope);
        response.setChunked(true)
                .putHeader("content-type", "text/event-stream")
                .putHeader("cache-control", "no-cache");
    }
}
