package dev.heimdall.node.guardrails;

import dev.heimdall.governance.guardrails.ModerationCheck;
import dev.heimdall.node.config.ModerationConfig;
import dev.heimdall.node.config.ProviderConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.PoolOptions;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * Makes the moderation checks of guardrail policies, all over one pooled HTTP client. A check names its endpoint
 * itself, or a configured provider whose {@code /v1/moderations} it calls with the provider's first key (in the
 * provider's auth header, {@code Authorization: Bearer} by default) and extra headers.
 */
public final class ModerationClient implements Function<ModerationConfig, ModerationCheck> {

    private static final String MODERATIONS_PATH = "/v1/moderations";

    private final HttpClient client;
    private final Map<String, ProviderConfig> providers;

    public ModerationClient(Vertx vertx, Map<String, ProviderConfig> providers) {
        this.client = vertx.createHttpClient(new HttpClientOptions().setName("guardrail-moderation")
                .setKeepAlive(true).setTcpNoDelay(true), new PoolOptions().setHttp1MaxSize(64));
        this.providers = Map.copyOf(providers);
    }

    /** @throws IllegalArgumentException when the check names a provider this node does not have */
    @Override
    public ModerationCheck apply(ModerationConfig config) {
        if (config.url() != null) {
            return new HttpModerationCheck(client, config.url(), Map.of(), config.policy().timeout());
        }
        ProviderConfig provider = providers.get(config.provider());
        if (provider == null) {
            throw new IllegalArgumentException("moderation names provider " + config.provider()
                    + ", which this node does not have");
        }
        Map<String, String> headers = new LinkedHashMap<>(provider.headers());
        if (!provider.keys().isEmpty() && provider.keys().get(0).value() != null) {
            headers.put(provider.authHeader() != null ? provider.authHeader() : "authorization",
                    (provider.authPrefix() != null ? provider.authPrefix() : "Bearer ") + provider.keys().get(0).value());
        }
        URI url = URI.create(provider.baseUrl() + MODERATIONS_PATH);
        return new HttpModerationCheck(client, url, headers, config.policy().timeout());
    }

    public Future<Void> close() {
        return client.close();
    }
}
