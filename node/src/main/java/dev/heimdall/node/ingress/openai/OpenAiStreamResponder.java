package dev.heimdall.node.ingress.openai;

import dev.heimdall.node.ingress.ResponderBase;
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
final class OpenAiStreamResponder extends ResponderBase {

    private final boolean includeUsage;
    private OpenAiChunkWriter writer;

    OpenAiStreamResponder(HttpServerResponse response, RequestScope scope, boolean includeUsage) {
        super(response, scope);
        this.includeUsage = includeUsage;
    }


    @Override
    public void complete(ChatResponse chat) {
        answering(200);
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
        answering(error.clientStatus());
        OpenAiErrors.upstream(response, error);
    }



    private void begin(StreamEvent first) {
        String id = first instanceof StreamEvent.Start start && start.id() != null ? start.id() : "chatcmpl-" + scope.requestId();
        String model = first instanceof StreamEvent.Start start && start.model() != null ? start.model() : scope.model();
        writer = new OpenAiChunkWriter(id, model, System.currentTimeMillis() / 1000, includeUsage);
        beginStream("text/event-stream");
    }
}
