package dev.heimdall.node.pipeline;

import dev.heimdall.governance.routing.FallbackPlan;
import dev.heimdall.node.upstream.ProviderRuntime;
import dev.heimdall.node.upstream.UpstreamCall;
import dev.heimdall.node.upstream.UpstreamClients;
import dev.heimdall.providers.canonical.ChatRequest;
import dev.heimdall.providers.canonical.ChatResponse;
import dev.heimdall.providers.canonical.StreamEvent;
import dev.heimdall.providers.canonical.Usage;
import dev.heimdall.providers.spi.ProviderError;
import dev.heimdall.providers.spi.StreamDecoder;
import dev.heimdall.providers.spi.TargetContext;
import dev.heimdall.providers.spi.UpstreamRequest;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientResponse;

/**
 * Executes one chat request over its fallback plan and delivers the outcome to a {@link ChatSink}. Streams are
 * forwarded event by event as the upstream produces them; nothing is buffered. A stream that fails before its
 * first event reaches the client falls back like a failed request.
 */
public final class ChatExecution extends AttemptLoop {

    private final ChatRequest request;
    private final ChatSink sink;
    private final Runnable onDone;
    private PassThrough passThrough;
    private boolean raw;
    private boolean committed;
    private boolean streamClosed;
    private Usage usage;

    /**
     * @param onDone called once when the request is over, whatever the outcome; the scope then holds where it went
     */
    public ChatExecution(Vertx vertx, Gateway gateway, UpstreamClients clients, RequestScope scope, FallbackPlan plan,
                         ChatRequest request, ChatSink sink, Runnable onDone) {
        super(vertx, gateway, clients, scope, plan);
        this.request = request;
        this.sink = sink;
        this.onDone = onDone;
        if (gateway.audit().keepsBodies()) {
            scope.captureResponse(new ResponseText(gateway.audit().maxBodyBytes()));
        }
    }

    public Usage usage() {
        return usage;
    }

    /** Relays the client's bytes to upstreams of the same wire format; set before {@link #start()}. */
    public ChatExecution passThrough(PassThrough passThrough) {
        this.passThrough = passThrough;
        return this;
    }

    @Override
    protected UpstreamRequest encode(ProviderRuntime provider, TargetContext target) {
        raw = passThrough != null && passThrough.appliesTo(provider);
        return raw ? passThrough.encode(provider, target) : provider.adapter().encodeChat(request, target);
    }

    @Override
    protected void onSuccessHead(UpstreamCall call, HttpClientResponse response, ProviderRuntime provider) {
        if (request.stream()) {
            stream(call, response, provider);
            return;
        }
        boolean relay = raw;
        decodeBody(call, response, bytes -> new Decoded(bytes, provider.adapter().decodeChat(bytes)), decoded -> {
            usage = decoded.response().usage();
            if (scope.responseText() != null) {
                scope.responseText().add(decoded.response());
            }
            if (relay) {
                sink.completeRaw(io.vertx.core.buffer.Buffer.buffer(decoded.bytes()), decoded.response());
            } else {
                sink.complete(decoded.response());
            }
            onDone.run();
        });
    }

    @Override
    protected void onFailure(ProviderError error) {
        if (committed) {
            closeStream(new StreamEvent.Failure(error));
        } else {
            sink.fail(error);
            onDone.run();
        }
    }

    private void stream(UpstreamCall call, HttpClientResponse response, ProviderRuntime provider) {
        TargetContext target = provider.targetContext(scope.model(), -1);
        StreamDecoder decoder = provider.adapter().streamDecoder(request, target);
        boolean relay = raw;
        java.util.function.Consumer<StreamEvent> events = event -> onEvent(call, event, relay);
        call.watchBody();
        response.handler(chunk -> {
            if (!isCurrent(call)) {
                return;
            }
            call.touch();
            firstToken();
            decoder.feed(chunk.getBytes(), events);
            if (relay && isCurrent(call) && !streamClosed) {
                committed = true;
                sink.rawChunk(chunk);
            }
            if (isCurrent(call) && committed && sink.writeQueueFull()) {
                response.pause();
                sink.onDrain(response::resume);
            }
        });
        response.exceptionHandler(err -> {
            if (isCurrent(call)) {
                onEvent(call, new StreamEvent.Failure(call.classify(err)), relay);
            }
        });
        response.endHandler(v -> {
            if (!isCurrent(call)) {
                return;
            }
            call.done();
            decoder.end(events);
            if (isCurrent(call)) {
                succeeded(response.statusCode());
                streamClosed = true;
                sink.end();
                onDone.run();
            }
        });
    }

    private void onEvent(UpstreamCall call, StreamEvent event, boolean relay) {
        if (!isCurrent(call) || streamClosed) {
            return;
        }
        if (event instanceof StreamEvent.Failure failure) {
            // before the first event reaches the client, a broken stream is just a failed attempt
            boolean mayFallBack = !committed;
            call.cancel();
            attemptFailed(failure.error(), mayFallBack);
            return;
        }
        if (event instanceof StreamEvent.UsageReport report) {
            usage = report.usage();
        }
        if (scope.responseText() != null) {
            scope.responseText().add(event);
        }
        if (relay) {
            // the bytes carrying this event are relayed as they came
            return;
        }
        committed = true;
        sink.event(event);
    }

    private void closeStream(StreamEvent.Failure failure) {
        if (streamClosed) {
            return;
        }
        streamClosed = true;
        sink.event(failure);
        onDone.run();
    }

    private record Decoded(byte[] bytes, ChatResponse response) {
    }
}
