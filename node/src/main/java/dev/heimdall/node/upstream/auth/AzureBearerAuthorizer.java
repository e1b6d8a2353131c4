package dev.heimdall.node.upstream.auth;

import dev.heimdall.node.config.ProviderKeyConfig;
import dev.heimdall.node.upstream.ProviderRuntime;
import dev.heimdall.node.upstream.UpstreamAuthorizer;
import dev.heimdall.providers.spi.UpstreamRequest;
import io.vertx.core.Future;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Azure OpenAI with a Microsoft Entra ID token: when the chosen key has a {@code bearer-token} credential, the
 * request carries {@code Authorization: Bearer <token>} instead of the {@code api-key} header (Azure rejects a request
 * that carries both with different identities, so the api-key header is dropped). The token is static, from the
 * configuration (typically substituted from an environment variable that something outside refreshes on restart);
 * nothing here blocks.
 */
public final class AzureBearerAuthorizer implements UpstreamAuthorizer {

    @Override
    public Future<UpstreamRequest> authorize(UpstreamRequest request, ProviderRuntime provider, ProviderKeyConfig key) {
        String token = key == null ? null : key.credential(ProviderKeyConfig.BEARER_TOKEN);
        if (token == null) {
            return Future.succeededFuture(request);
        }
        List<Map.Entry<String, String>> headers = new ArrayList<>(request.headers().size() + 1);
        for (Map.Entry<String, String> header : request.headers()) {
            String name = header.getKey();
            if (!name.equalsIgnoreCase("api-key") && !name.equalsIgnoreCase("authorization")) {
                headers.add(header);
            }
        }
        headers.add(Map.entry("Authorization", "Bearer " + token));
        return Future.succeededFuture(request.withHeaders(headers));
    }
}
