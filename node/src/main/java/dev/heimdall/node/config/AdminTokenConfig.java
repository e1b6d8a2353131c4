package dev.heimdall.node.config;

import java.util.Objects;

/**
 * One admin token. {@link #toString()} never shows the token.
 *
 * @param name  unique; names the caller in logs and audit records
 * @param token the bearer token, at least 16 characters
 * @param role  what the token may do
 */
public record AdminTokenConfig(String name, String token, AdminRole role) {

    public AdminTokenConfig {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(token, "token");
        Objects.requireNonNull(role, "role");
    }

    @Override
    public String toString() {
        return "AdminTokenConfig[name=" + name + ", token=***, role=" + role + "]";
    }
}
