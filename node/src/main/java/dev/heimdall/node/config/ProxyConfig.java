package dev.heimdall.node.config;

import java.util.Objects;

/**
 * An HTTP proxy in front of a provider. {@link #toString()} never shows the password.
 *
 * @param host     the proxy host
 * @param port     the proxy port
 * @param username for proxy authentication, or {@code null}
 * @param password for proxy authentication, or {@code null}
 */
public record ProxyConfig(String host, int port, String username, String password) {

    public ProxyConfig {
        Objects.requireNonNull(host, "host");
    }

    @Override
    public String toString() {
        return "ProxyConfig[host=" + host + ", port=" + port + ", username=" + username
                + ", password=" + (password == null ? null : "***") + "]";
    }
}
