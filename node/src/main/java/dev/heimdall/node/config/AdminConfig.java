package dev.heimdall.node.config;

import java.util.List;

/**
 * The admin API: its tokens, and the port of a separate admin listener.
 *
 * @param tokens the admin tokens; none means the admin API is off
 * @param port   a separate port for the admin API (0: any free port), or null to serve it on the gateway's port
 */
public record AdminConfig(List<AdminTokenConfig> tokens, Integer port) {

    public static final AdminConfig NONE = new AdminConfig(List.of(), null);

    public AdminConfig {
        tokens = List.copyOf(tokens);
    }

    public boolean enabled() {
        return !tokens.isEmpty();
    }
}
