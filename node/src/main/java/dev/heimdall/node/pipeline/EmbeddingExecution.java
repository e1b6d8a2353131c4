package dev.heimdall.node.pipeline;

import dev.heimdall.governance.routing.FallbackPlan;
import dev.heimdall.node.upstream.ProviderRuntime;
import dev.heimdall.node.upstream.UpstreamCall;
import dev.heimdall.node.upstream.UpstreamClients;
import dev.heimdall.providers.canonical.EmbeddingRequest;
import dev.heimdall.providers.canonical.EmbeddingResponse;
import dev.heimdall.providers.spi.ProviderError;
import dev.heimdall.providers.spi.ProviderException;
import dev.heimdall.providers.spi.TargetContext;
import dev.heimdall.providers.spi.UpstreamRequest;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientResponse;

import java.util.function.Consumer;

/** Executes one embeddings request over its fallback plan. */
public final class EmbeddingExecution extends AttemptLoop {

    private final EmbeddingRequest request;
    private final Consumer<EmbeddingResponse> onSuccess;
    private final Consumer<ProviderError> onError;

    public EmbeddingExecution(Vertx vertx, Gateway gateway, UpstreamClients clients, RequestScope scope,
                              FallbackPlan plan, EmbeddingRequest request, Consumer<EmbeddingResponse> onSuccess,
                              Consumer<ProviderError> onError) {
        super(vertx, gateway, clients, scope, plan);
        this.request = request;
        this.onSuccess = onSuccess;
        this.onError = onError;
    }

    @Override
    protected UpstreamRequest encode(ProviderRuntime provider, TargetContext target) {
        if (!provider.adapter().supportsEmbeddings()) {
            throw new ProviderException(new ProviderError.BadRequest(
                    provider.name() + " (" + provider.adapter().type() + ") has no embeddings API", 400, "model", null));
        }
        return provider.adapter().encodeEmbeddings(request, target);
    }

    @Override
    protected void onSuccessHead(UpstreamCall call, HttpClientResponse response, ProviderRuntime provider) {
        decodeBody(call, response, provider.adapter()::decodeEmbeddings, onSuccess);
    }

    @Override
    protected void onFailure(ProviderError error) {
        onError.accept(error);
    }
}
