package dev.heimdall.node.pipeline;

import dev.heimdall.governance.routing.FallbackPlan;
import dev.heimdall.node.upstream.ProviderRuntime;
import dev.heimdall.node.upstream.UpstreamCall;
import dev.heimdall.node.upstream.UpstreamClients;
import dev.heimdall.providers.spi.ProviderError;
import dev.heimdall.providers.spi.TargetContext;
import dev.heimdall.providers.spi.UpstreamRequest;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientResponse;

import java.util.function.BiFunction;
import java.util.function.Consumer;

/**
 * Executes a request whose answer the gateway relays without interpreting it (such as Anthropic's
 * {@code count_tokens} on an Anthropic upstream), with the same attempts and fallbacks as any other.
 */
public final class RelayExecution extends AttemptLoop {

    private final BiFunction<ProviderRuntime, TargetContext, UpstreamRequest> encoder;
    private final Consumer<Buffer> onSuccess;
    private final Consumer<ProviderError> onError;

    public RelayExecution(Vertx vertx, Gateway gateway, UpstreamClients clients, RequestScope scope, FallbackPlan plan,
                          BiFunction<ProviderRuntime, TargetContext, UpstreamRequest> encoder,
                          Consumer<Buffer> onSuccess, Consumer<ProviderError> onError) {
        super(vertx, gateway, clients, scope, plan);
        this.encoder = encoder;
        this.onSuccess = onSuccess;
        this.onError = onError;
    }

    @Override
    protected UpstreamRequest encode(ProviderRuntime provider, TargetContext target) {
        return encoder.apply(provider, target);
    }

    @Override
    protected void onSuccessHead(UpstreamCall call, HttpClientResponse response, ProviderRuntime provider) {
        decodeBody(call, response, Buffer::buffer, onSuccess);
    }

    @Override
    protected void onFailure(ProviderError error) {
        onError.accept(error);
    }

    /** Counting tokens takes a fraction of the time of answering: it says nothing about the model's latency. */
    @Override
    protected boolean judgesLatency() {
        return false;
    }
}
