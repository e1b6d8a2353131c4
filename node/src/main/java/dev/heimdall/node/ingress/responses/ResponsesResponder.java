package dev.heimdall.node.ingress.responses;

import dev.heimdall.node.ingress.ResponderBase;
import dev.heimdall.node.ingress.Json;
import dev.heimdall.node.ingress.openai.OpenAiErrors;
import dev.heimdall.node.pipeline.RequestScope;
import dev.heimdall.providers.canonical.ChatResponse;
import dev.heimdall.providers.canonical.StreamEvent;
import dev.heimdall.providers.openai.responses.ResponsesEventWriter;
import dev.heimdall.providers.openai.responses.ResponsesRenderer;
import dev.heimdall.providers.openai.responses.ResponsesRequest;
import dev.heimdall.providers.spi.ProviderError;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;

import java.util.concurrent.ThreadLocalRandom;

/**
 * Renders a chat execution in the Responses API format: one {@code response} object, or the Responses event stream
 * (which ends with {@code response.completed}, {@code response.incomplete} or {@code response.failed}, no
 * {@code [DONE]}).
 */
final class ResponsesResponder extends ResponderBase {

    private final ResponsesRequest request;
    private final String responseId;
    private final long createdAt = System.currentTimeMillis() / 1000;
    private ResponsesEventWriter writer;

    ResponsesResponder(HttpServerResponse response, RequestScope scope, ResponsesRequest request) {
        super(response, scope);
        this.request = request;
        ThreadLocalRandom random = ThreadLocalRandom.current();
        this.responseId = "resp_" + Long.toHexString(random.nextLong() | Long.MIN_VALUE)
                + Long.toHexString(random.nextLong() | Long.MIN_VALUE);
    }


    @Override
    public void complete(ChatResponse chat) {
        answering(200);
        String model = chat.model() != null ? chat.model() : scope.model();
        response.putHeader("content-type", "application/json").end(Buffer.buffer(Json.bytes(
                ResponsesRenderer.render(chat, request, responseId, model, createdAt))));
    }

    @Override
    public void event(StreamEvent event) {
        if (writer == null) {
            begin(event);
        }
        byte[] frames = writer.frames(event);
        if (event instanceof StreamEvent.Failure) {
            response.end(Buffer.buffer(frames));
            return;
        }
        if (frames.length > 0) {
            response.write(Buffer.buffer(frames));
        }
    }

    @Override
    public void end() {
        if (writer == null) {
            begin(null);
        }
        response.end(Buffer.buffer(writer.end()));
    }

    @Override
    public void fail(ProviderError error) {
        answering(error.clientStatus());
        OpenAiErrors.upstream(response, error);
    }



    private void begin(StreamEvent first) {
        String model = first instanceof StreamEvent.Start start && start.model() != null ? start.model() : scope.model();
        writer = new ResponsesEventWriter(request, responseId, model, createdAt);
        beginStream("text/event-stream");
    }
}
