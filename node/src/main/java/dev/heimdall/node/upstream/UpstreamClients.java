package dev.heimdall.node.upstream;

import dev.heimdall.node.config.ProviderConfig;
import dev.heimdall.node.config.ProxyConfig;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.net.ProxyOptions;
import io.vertx.core.net.ProxyType;
import io.vertx.core.net.TrustOptions;

import java.util.HashMap;
import java.util.Map;

/**
 * One pooled, keep-alive HTTP client per provider, created once per event loop so that a request and its upstream
 * connection stay on the same thread.
 */
public final class UpstreamClients {

    private final Vertx vertx;
    /** By the provider's whole configuration: a provider changed through the admin API gets a client of its own. */
    private final Map<ProviderConfig, HttpClient> clients = new HashMap<>();
    private final Map<String, HttpClient> byOrigin = new HashMap<>();

    public UpstreamClients(Vertx vertx, Map<String, ProviderRuntime> providers) {
        this.vertx = vertx;
        for (ProviderRuntime provider : providers.values()) {
            clients.put(provider.config(), create(vertx, provider));
        }
    }

    /**
     * The client for a request an adapter sends to another origin than its provider's base URL (a key in another
     * region); created on first use and kept, with the provider's TLS, proxy and pool settings.
     */
    public HttpClient client(ProviderRuntime provider, String origin) {
        if (origin == null) {
            return clients.computeIfAbsent(provider.config(), config -> create(vertx, provider));
        }
        return byOrigin.computeIfAbsent(provider.name() + ' ' + origin + ' ' + provider.config().hashCode(), k -> {
            java.net.URI uri = java.net.URI.create(origin);
            boolean ssl = "https".equalsIgnoreCase(uri.getScheme());
            int port = uri.getPort() > 0 ? uri.getPort() : (ssl ? 443 : 80);
            return create(vertx, new ProviderRuntime(provider.config(), provider.adapter(), provider.authorizer(),
                    provider.keys(), uri.getHost(), port, ssl, ""));
        });
    }

    public void close() {
        clients.values().forEach(HttpClient::close);
        byOrigin.values().forEach(HttpClient::close);
    }

    private static HttpClient create(Vertx vertx, ProviderRuntime provider) {
        var config = provider.config();
        HttpClientOptions options = new HttpClientOptions()
                .setDefaultHost(provider.host())
                .setDefaultPort(provider.port())
                .setSsl(provider.ssl())
                .setKeepAlive(true)
                .setKeepAliveTimeout(60)
                .setTcpNoDelay(true)
                .setConnectTimeout((int) config.timeouts().connect().toMillis())
                .setName("upstream-" + provider.name());
        if (provider.ssl()) {
            options.setVerifyHost(config.tls().verifyHost());
            if (config.tls().caBundle() != null) {
                options.setTrustOptions(TrustOptions.wrap(UpstreamTls.systemPlus(config.tls().caBundle())));
            }
        }
        ProxyConfig proxy = config.proxy();
        if (proxy != null) {
            options.setProxyOptions(new ProxyOptions().setType(ProxyType.HTTP).setHost(proxy.host())
                    .setPort(proxy.port()).setUsername(proxy.username()).setPassword(proxy.password()));
        }
        PoolOptions pool = new PoolOptions().setHttp1MaxSize(config.maxConnections()).setMaxWaitQueueSize(4096);
        return vertx.createHttpClient(options, pool);
    }
}
