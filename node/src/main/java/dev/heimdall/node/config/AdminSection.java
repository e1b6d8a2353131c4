package dev.heimdall.node.config;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** The {@code admin} section: {@code tokens: [ {name, token, role} ]} and an optional {@code port}. */
final class AdminSection {

    private static final List<String> KEYS = List.of("tokens", "port");
    private static final List<String> TOKEN_KEYS = List.of("name", "token", "role");
    private static final int MIN_TOKEN_LENGTH = 16;
    private static final String ROLES = "one of admin, operator, viewer";

    private AdminSection() {
    }

    static AdminConfig parse(ConfigNode node) {
        if (!node.isPresent()) {
            return AdminConfig.NONE;
        }
        node.requireMapping(KEYS);
        List<AdminTokenConfig> tokens = new ArrayList<>();
        Set<String> names = new HashSet<>();
        Set<String> values = new HashSet<>();
        for (ConfigNode entry : node.child("tokens").elements("a list of tokens, each with a name, a token and a role")) {
            if (!entry.isPresent()) {
                throw entry.expected("a token with a name, a token and a role");
            }
            entry.requireMapping(TOKEN_KEYS);
            ConfigNode nameNode = entry.child("name");
            String name = nameNode.requiredString("a token name");
            if (!names.add(name)) {
                throw nameNode.error("expected a token name unique among the tokens, got " + ConfigNode.quote(name) + " again");
            }
            ConfigNode tokenNode = entry.child("token").hidden();
            String token = tokenNode.requiredString("a token of at least " + MIN_TOKEN_LENGTH + " characters, such as \"${HEIMDALL_ADMIN_TOKEN}\"");
            if (token.length() < MIN_TOKEN_LENGTH || token.chars().anyMatch(c -> c <= 0x20 || c >= 0x7f)) {
                throw tokenNode.expected("a token of at least " + MIN_TOKEN_LENGTH + " printable ASCII characters without spaces");
            }
            if (!values.add(token)) {
                throw tokenNode.error("expected a token that no other admin token uses");
            }
            ConfigNode roleNode = entry.child("role");
            String role = roleNode.requiredString(ROLES);
            AdminRole parsed = switch (role.toLowerCase(Locale.ROOT)) {
                case "admin" -> AdminRole.ADMIN;
                case "operator" -> AdminRole.OPERATOR;
                case "viewer" -> AdminRole.VIEWER;
                default -> throw roleNode.expected(ROLES);
            };
            tokens.add(new AdminTokenConfig(name, token, parsed));
        }
        ConfigNode port = node.child("port");
        return new AdminConfig(tokens, port.isPresent() ? port.integer(0, 65535, null) : null);
    }
}
