package dev.heimdall.node.ingress.openai;

import dev.heimdall.node.ingress.ResponseHeaders;
import dev.heimdall.node.pipeline.ChatSink;
import dev.heimdall.node.pipeline.RequestScope;
import dev.heimdall.providers.canonical.ChatResponse;
import dev.heimdall.providers.canonical.StreamEvent;
import dev.heimdall.providers.openai.OpenAiChatRenderer;
import dev.heimdall.providers.openai.OpenAiChunkWriter;
import dev.heimdall.providers.spi.ProviderError;
import dev.heimdall.node.ingress.Json;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;

/** Renders a chat execution in OpenAI's Chat Completions format: one JSON object, or SSE chunks ending in [DONE]. */
final class OpenAiStreamResponder implements ChatSink {

    private final HttpServerResponse response;
    private final RequestScope scope;
    private final boolean includeUsage;
    private OpenAiChunkWriter writer;
    private int status;

    OpenAiStreamResponder(HttpServerResponse response, RequestScope scope, boolean includeUsage) {
        this.response = response;
        this.scope = scope;
        this.includeUsage = includeUsage;
    }

    int status() {
        return status;
    }

    @Override
    public void complete(ChatResponse chat) {
        status = 200;
        ResponseHeaders.routing(response, scope);
        String model = chat.model() != null ? chat.model() : scope.model();
        response.putHeader("content-type", "application/json")
                .end(Buffer.buffer(Json.bytes(OpenAiChatRenderer.render(chat, model))));
    }

    @Override
    public void event(StreamEvent event) {
        if (writer == null) {
            begin(event);
        }
        if (event instanceof StreamEvent.Failure failure) {
            response.end(OpenAiErrors.streamEvent(failure.error()));
            return;
        }
        byte[] frames = writer.frames(event);
        if (frames.length > 0) {
            response.write(Buffer.buffer(frames));
        }
    }

    @Override
    public void end() {
        if (writer == null) {
            begin(null);
        }
        response.end(Buffer.buffer(writer.done()));
    }

    @Override
    public void fail(ProviderError error) {
        status = error.clientStatus();
        ResponseHeaders.routing(response, scope);
        OpenAiErrors.upstream(response, error);
    }

    @Override
    public boolean writeQueueFull() {
        return response.writeQueueFull();
    }

    @Override
    public void onDrain(Runnable onDrain) {
        response.drainHandler(v -> onDrain.run());
    }

    private void begin(StreamEvent first) {
        status = 200;
        String id = first instanceof StreamEvent.Start start && start.id() != null ? start.id() : "chatcmpl-" + scope.requestId();
        String model = first instanceof StreamEvent.Start start && start.model() != null ? start.model() : scope.model();
        writer = new OpenAiChunkWriter(id, model, System.currentTimeMillis() / 1000, includeUsage);
        ResponseHeaders.routing(response, scope);
        response.setChunked(true)
                .putHeader("content-type", "text/event-stream")
                .putHeader("cache-control", "no-cache");
    }
}
