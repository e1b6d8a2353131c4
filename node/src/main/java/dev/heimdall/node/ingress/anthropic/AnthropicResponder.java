package dev.heimdall.node.ingress.anthropic;

import dev.heimdall.node.ingress.ResponderBase;
import dev.heimdall.node.ingress.Json;
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
final class AnthropicResponder extends ResponderBase {

    private AnthropicEventWriter writer;
    private boolean begun;

    AnthropicResponder(HttpServerResponse response, RequestScope scope) {
        super(response, scope);
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
        answering(error.clientStatus());
        AnthropicErrors.upstream(response, error);
    }



    private void json(Buffer body) {
        answering(200);
        response.putHeader("content-type", "application/json").end(body);
    }

    private void begin() {
        if (begun) {
            return;
        }
        begun = true;
        beginStream("text/event-stream");
    }
}
