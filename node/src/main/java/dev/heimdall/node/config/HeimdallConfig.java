package dev.heimdall.node.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The whole, validated configuration of a node: one immutable tree. Both maps keep the order of the file.
 *
 * @param server    the HTTP server
 * @param providers upstream providers by name
 * @param models    model aliases by the name clients ask for
 */
public record HeimdallConfig(ServerConfig server, Map<String, ProviderConfig> providers, Map<String, ModelAliasConfig> models) {

    public HeimdallConfig {
        Objects.requireNonNull(server, "server");
        providers = Collections.unmodifiableMap(new LinkedHashMap<>(providers));
        models = Collections.unmodifiableMap(new LinkedHashMap<>(models));
    }
}
