package dev.heimdall.node.upstream;

import dev.heimdall.governance.health.TargetId;
import dev.heimdall.governance.routing.KeyOption;
import dev.heimdall.governance.routing.KeyPool;
import dev.heimdall.node.config.ProviderConfig;
import dev.heimdall.node.config.ProviderKeyConfig;
import dev.heimdall.providers.spi.ProviderAdapter;
import dev.heimdall.providers.spi.TargetContext;

import java.net.URI;
import java.util.HashMap;
import java.util.Map;

/**
 * A configured provider, ready to serve: its adapter, its key pool, and where its base URL points. Immutable and
 * shared by every event loop; the HTTP clients themselves live per event loop in {@link UpstreamClients}.
 */
public record ProviderRuntime(ProviderConfig config, ProviderAdapter adapter, UpstreamAuthorizer authorizer,
                              KeyPool keys, String host, int port, boolean ssl, String basePath) {

    public static ProviderRuntime of(ProviderConfig config, ProviderAdapter adapter, UpstreamAuthorizer authorizer) {
        URI base = config.baseUrl();
        boolean ssl = "https".equalsIgnoreCase(base.getScheme());
        int port = base.getPort() > 0 ? base.getPort() : (ssl ? 443 : 80);
        String path = base.getRawPath() == null ? "" : base.getRawPath();
        if (path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        KeyPool keys = new KeyPool(config.keys().stream()
                .map(k -> new KeyOption(k.name(), k.weight(), k.models()))
                .toList());
        return new ProviderRuntime(config, adapter, authorizer, keys, base.getHost(), port, ssl, path);
    }

    public String name() {
        return config.name();
    }

    /** What the adapter needs to address {@code model} with key {@code keyIndex} (-1: no key configured). */
    public TargetContext targetContext(String model, int keyIndex) {
        String secret = null;
        Map<String, String> settings = config.settings();
        if (keyIndex >= 0) {
            ProviderKeyConfig key = config.keys().get(keyIndex);
            secret = key.value();
            String deployment = key.deployments().get(model);
            String keyRegion = key.credential(ProviderKeyConfig.REGION);
            if (deployment != null || keyRegion != null) {
                settings = new HashMap<>(settings);
                if (deployment != null) {
                    settings.put(TargetContext.DEPLOYMENT, deployment);
                }
                if (keyRegion != null) {
                    // the adapter may route to the key's region only if it can tell that region from the provider's
                    String providerRegion = settings.get(TargetContext.REGION);
                    if (providerRegion != null) {
                        settings.put(TargetContext.PROVIDER_REGION, providerRegion);
                    }
                    settings.put(TargetContext.BASE_URL, config.baseUrl().toString());
                    settings.put(TargetContext.REGION, keyRegion);
                }
            }
        }
        return new TargetContext(model, secret, config.authHeader(), config.authPrefix(), config.headers(), settings);
    }

    /** The key at {@code keyIndex}, or null for -1. */
    public ProviderKeyConfig key(int keyIndex) {
        return keyIndex >= 0 ? config.keys().get(keyIndex) : null;
    }

    public String keyName(int keyIndex) {
        return keyIndex >= 0 ? config.keys().get(keyIndex).name() : TargetId.NO_KEY;
    }

    /** Whether {@code model} is known to have a context window smaller than {@code promptTokens}. */
    public boolean exceedsContextWindow(String model, long promptTokens) {
        Integer window = config.contextWindows().get(model);
        return window != null && promptTokens > window;
    }
}
