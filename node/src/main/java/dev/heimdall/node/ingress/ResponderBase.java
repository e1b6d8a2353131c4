package dev.heimdall.node.ingress;

import dev.heimdall.node.pipeline.ChatSink;
import dev.heimdall.node.pipeline.RequestScope;
import io.vertx.core.http.HttpServerResponse;

/**
 * What every ingress API's {@link ChatSink} shares: the status it answered with (for the record stage), the routing
 * headers on every answer, the head of a streamed answer, and backpressure from the client's connection. Subclasses
 * say how the bytes look.
 */
public abstract class ResponderBase implements ChatSink {

    protected final HttpServerResponse response;
    protected final RequestScope scope;
    private int status;

    protected ResponderBase(HttpServerResponse response, RequestScope scope) {
        this.response = response;
        this.scope = scope;
    }

    /** The status this responder answered with; 0 before it answered. */
    public int status() {
        return status;
    }

    /** Sets the status and the routing headers of an answer about to be written. */
    protected void answering(int status) {
        this.status = status;
        ResponseHeaders.routing(response, scope);
    }

    /** Writes the head of a streamed answer: 200, chunked, not cached. */
    protected void beginStream(String contentType) {
        answering(200);
        response.setChunked(true)
                .putHeader("content-type", contentType)
                .putHeader("cache-control", "no-cache");
    }

    @Override
    public boolean writeQueueFull() {
        return response.writeQueueFull();
    }

    @Override
    public void onDrain(Runnable onDrain) {
        response.drainHandler(v -> onDrain.run());
    }
}
