package dev.heimdall.providers.spi;

import dev.heimdall.providers.canonical.StreamEvent;

import java.util.function.Consumer;

/**
 * Decodes one streamed response incrementally. Bytes arrive in whatever pieces the network delivers (an event may
 * be split anywhere, even inside a UTF-8 sequence); events are emitted as soon as they are complete, never held
 * back. One instance per response; not thread-safe (it lives on one event loop).
 */
public interface StreamDecoder {

    void feed(byte[] bytes, Consumer<StreamEvent> out);

    /**
     * The upstream body ended. Emits a {@link StreamEvent.Failure} when the stream ended without its terminal event
     * (a cut connection must never look like a complete answer).
     */
    void end(Consumer<StreamEvent> out);
}
