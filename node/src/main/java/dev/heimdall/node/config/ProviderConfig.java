package dev.heimdall.node.config;

import java.net.URI;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One upstream provider. {@link #toString()} shows header names but not their values, and no key values.
 *
 * @param name           the provider's name in the file, {@code [a-z0-9][a-z0-9-_.]*}
 * @param type           the wire format, such as {@code openai} or {@code anthropic}
 * @param baseUrl        http or https, with a host; its path is kept, without a trailing slash
 * @param keys           API keys; empty for servers without authentication
 * @param authHeader     the header that carries a key, or {@code null} for the adapter's default
 * @param authPrefix     the text before the key in that header, or {@code null} for the adapter's default
 * @param headers        extra headers sent on every request, in the order of the file
 * @param timeouts       upstream timeouts
 * @param tls            certificate checks
 * @param proxy          an HTTP proxy, or {@code null} to connect directly
 * @param maxConnections the size of the connection pool, 256 by default
 * @param models         the models this provider serves, advertised in {@code /v1/models}; may be empty
 * @param settings       provider-wide settings adapters use to build requests: {@code region}, {@code project},
 *                       {@code location}, {@code api-version}; absent ones are not in the map
 * @param retry          retries of a failed attempt on this provider
 * @param contextWindows the context window in tokens of the models it is known for; a prompt estimated larger goes
 *                       straight to the route's context fallback, if it has one
 */
public record ProviderConfig(String name, String type, URI baseUrl, List<ProviderKeyConfig> keys, String authHeader, String authPrefix,
                             Map<String, String> headers, TimeoutsConfig timeouts, TlsConfig tls, ProxyConfig proxy, int maxConnections,
                             List<String> models, Map<String, String> settings, RetryConfig retry,
                             Map<String, Integer> contextWindows) {

    public static final int DEFAULT_MAX_CONNECTIONS = 256;

    public ProviderConfig {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(baseUrl, "baseUrl");
        Objects.requireNonNull(timeouts, "timeouts");
        Objects.requireNonNull(tls, "tls");
        keys = List.copyOf(keys);
        headers = Collections.unmodifiableMap(new LinkedHashMap<>(headers));
        models = List.copyOf(models);
        settings = settings == null ? Map.of() : Map.copyOf(settings);
        retry = retry == null ? RetryConfig.DEFAULT : retry;
        contextWindows = contextWindows == null ? Map.of() : Map.copyOf(contextWindows);
    }

    public ProviderConfig(String name, String type, URI baseUrl, List<ProviderKeyConfig> keys, String authHeader,
                          String authPrefix, Map<String, String> headers, TimeoutsConfig timeouts, TlsConfig tls,
                          ProxyConfig proxy, int maxConnections, List<String> models, Map<String, String> settings,
                          RetryConfig retry) {
        this(name, type, baseUrl, keys, authHeader, authPrefix, headers, timeouts, tls, proxy, maxConnections, models,
                settings, retry, Map.of());
    }

    public ProviderConfig(String name, String type, URI baseUrl, List<ProviderKeyConfig> keys, String authHeader,
                          String authPrefix, Map<String, String> headers, TimeoutsConfig timeouts, TlsConfig tls,
                          ProxyConfig proxy, int maxConnections, List<String> models, Map<String, String> settings) {
        this(name, type, baseUrl, keys, authHeader, authPrefix, headers, timeouts, tls, proxy, maxConnections, models,
                settings, RetryConfig.DEFAULT);
    }

    public ProviderConfig(String name, String type, URI baseUrl, List<ProviderKeyConfig> keys, String authHeader,
                          String authPrefix, Map<String, String> headers, TimeoutsConfig timeouts, TlsConfig tls,
                          ProxyConfig proxy, int maxConnections, List<String> models) {
        this(name, type, baseUrl, keys, authHeader, authPrefix, headers, timeouts, tls, proxy, maxConnections, models,
                Map.of());
    }

    @Override
    public String toString() {
        return "ProviderConfig[name=" + name + ", type=" + type + ", baseUrl=" + baseUrl + ", keys=" + keys
                + ", authHeader=" + authHeader + ", authPrefix=" + authPrefix + ", headers=" + headers.keySet()
                + ", timeouts=" + timeouts + ", tls=" + tls + ", proxy=" + proxy + ", maxConnections=" + maxConnections
                + ", models=" + models + ", settings=" + settings + ", retry=" + retry + ", contextWindows=" + contextWindows
                + "]";
    }
}
