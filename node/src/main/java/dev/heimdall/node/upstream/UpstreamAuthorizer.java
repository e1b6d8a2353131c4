package dev.heimdall.node.upstream;

import dev.heimdall.node.config.ProviderKeyConfig;
import dev.heimdall.providers.spi.UpstreamRequest;
import io.vertx.core.Future;

/**
 * Adds the credentials an adapter cannot: a signature over the final request (AWS SigV4) or a token obtained from an
 * identity provider (Google OAuth for Vertex, Entra ID for Azure). Runs after encoding, before sending, on the
 * request's event loop; it must not block, so token fetches are asynchronous and cached.
 */
public interface UpstreamAuthorizer {

    /** For providers whose adapter already put the key in a header. */
    UpstreamAuthorizer NONE = (request, provider, key) -> Future.succeededFuture(request);

    /**
     * @param key the chosen key, or null when the provider has none
     */
    Future<UpstreamRequest> authorize(UpstreamRequest request, ProviderRuntime provider, ProviderKeyConfig key);
}
