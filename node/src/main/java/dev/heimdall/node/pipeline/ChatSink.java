package dev.heimdall.node.pipeline;

import dev.heimdall.providers.canonical.ChatResponse;
import dev.heimdall.providers.canonical.StreamEvent;
import dev.heimdall.providers.spi.ProviderError;
import io.vertx.core.buffer.Buffer;

/**
 * Where a chat execution delivers its outcome; each ingress API implements it in its own wire format. Calls arrive
 * on the request's event loop. For a stream, the first {@link #event} commits the response: until then a failure may
 * still fall back to another target and the client sees nothing of it.
 */
public interface ChatSink {

    /** A whole response (non-streaming request). */
    void complete(ChatResponse response);

    /** A whole response relayed as the upstream sent it ({@link PassThrough}); {@code decoded} is its meaning. */
    default void completeRaw(Buffer body, ChatResponse decoded) {
        complete(decoded);
    }

    /** Stream bytes relayed as the upstream sent them ({@link PassThrough}); the first call commits the response. */
    default void rawChunk(Buffer chunk) {
        throw new UnsupportedOperationException("this ingress does not relay raw streams");
    }

    /** A stream event, in order. A {@link StreamEvent.Failure} after commit ends the stream with an error event. */
    void event(StreamEvent event);

    /** The stream ended normally after its last event. */
    void end();

    /** Nothing was sent to the client yet and no attempt succeeded. */
    void fail(ProviderError error);

    /**
     * Runs {@code action} once everything given to this sink is written to the client: at once, unless the sink is
     * still working on the answer off the event loop (a large response being scanned by guardrails).
     */
    default void whenDelivered(Runnable action) {
        action.run();
    }

    /** True when the client cannot take more right now; the execution pauses the upstream until {@code onDrain}. */
    boolean writeQueueFull();

    void onDrain(Runnable onDrain);
}
