package dev.heimdall.node.upstream.auth;

import dev.heimdall.node.config.ProviderKeyConfig;
import dev.heimdall.providers.spi.UpstreamRequest;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class AzureBearerAuthorizerTest {

    private final AzureBearerAuthorizer authorizer = new AzureBearerAuthorizer();
    private final UpstreamRequest request = new UpstreamRequest("POST", "/openai/deployments/d/chat/completions",
            List.of(Map.entry("content-type", "application/json"), Map.entry("api-key", "az-key"),
                    Map.entry("x-extra", "1")), new byte[0], false);

    @Test
    void aBearerTokenReplacesTheApiKeyHeader() {
        ProviderKeyConfig key = new ProviderKeyConfig("k", "az-key", 1, List.of(),
                Map.of(ProviderKeyConfig.BEARER_TOKEN, "entra"), Map.of());
        UpstreamRequest authorized = authorizer.authorize(request, null, key).result();
        assertThat(authorized.headers()).containsExactly(Map.entry("content-type", "application/json"),
                Map.entry("x-extra", "1"), Map.entry("Authorization", "Bearer entra"));
    }

    @Test
    void aPlainKeyOrNoKeyLeavesTheRequestAlone() {
        assertThat(authorizer.authorize(request, null, new ProviderKeyConfig("k", "az-key", 1, List.of())).result())
                .isSameAs(request);
        assertThat(authorizer.authorize(request, null, null).result()).isSameAs(request);
    }
}
