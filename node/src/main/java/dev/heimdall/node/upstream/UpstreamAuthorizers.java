package dev.heimdall.node.upstream;

import dev.heimdall.node.config.ProviderConfig;
import dev.heimdall.node.upstream.auth.SigV4Authorizer;
import dev.heimdall.node.upstream.auth.VertexTokenAuthorizer;
import dev.heimdall.node.upstream.auth.AzureBearerAuthorizer;
import io.vertx.core.Vertx;

/** Chooses the authorizer a provider type needs. One per provider, created at start-up and shared by event loops. */
public final class UpstreamAuthorizers {

    private UpstreamAuthorizers() {
    }

    public static UpstreamAuthorizer forProvider(Vertx vertx, ProviderConfig provider) {
        return switch (provider.type()) {
            case "bedrock" -> new SigV4Authorizer();
            case "vertex" -> new VertexTokenAuthorizer(vertx);
            case "azure" -> new AzureBearerAuthorizer();
            default -> UpstreamAuthorizer.NONE;
        };
    }
}
