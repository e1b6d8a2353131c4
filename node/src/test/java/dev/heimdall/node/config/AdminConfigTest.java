package dev.heimdall.node.config;

import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AdminConfigTest {

    private final ConfigLoader loader = new ConfigLoader(Set.of("openai"), Map.of("ADMIN_TOKEN", "t0ken-from-the-env-42"));

    @Test
    void readsTokensRolesAndAnOwnPort() {
        AdminConfig admin = loader.parse("""
                admin:
                  port: 9091
                  tokens:
                    - { name: ops, token: "${ADMIN_TOKEN}", role: admin }
                    - { name: ci, token: ci-token-0123456789, role: Operator }
                    - { name: grafana, token: viewer-token-0123456789, role: viewer }
                """, "heimdall.yaml").admin();
        assertThat(admin.port()).isEqualTo(9091);
        assertThat(admin.tokens()).containsExactly(
                new AdminTokenConfig("ops", "t0ken-from-the-env-42", AdminRole.ADMIN),
                new AdminTokenConfig("ci", "ci-token-0123456789", AdminRole.OPERATOR),
                new AdminTokenConfig("grafana", "viewer-token-0123456789", AdminRole.VIEWER));
        assertThat(admin.tokens().get(0).toString()).doesNotContain("t0ken");
    }

    @Test
    void withoutTheSectionTheAdminApiIsOffAndSharesTheGatewaysPort() {
        AdminConfig admin = loader.parse("server: { port: 8080 }", "heimdall.yaml").admin();
        assertThat(admin.enabled()).isFalse();
        assertThat(admin.port()).isNull();
    }

    @Test
    void rejectsBadTokensWithoutShowingThem() {
        assertRejected("admin: { tokens: [ { name: a, token: short-secret, role: admin } ] }",
                "heimdall.yaml: admin.tokens[0].token: expected a token of at least 16 printable ASCII characters"
                        + " without spaces, got a string (not shown)");
        assertRejected("admin: { tokens: [ { name: a, token: \"with spaces in the secret\", role: admin } ] }",
                "heimdall.yaml: admin.tokens[0].token: expected a token of at least 16 printable ASCII characters"
                        + " without spaces, got a string (not shown)");
        assertRejected("""
                admin: { tokens: [ { name: a, token: same-token-0123456789, role: admin },
                                   { name: b, token: same-token-0123456789, role: viewer } ] }
                """, "heimdall.yaml: admin.tokens[1].token: expected a token that no other admin token uses");
        assertRejected("admin: { tokens: [ { name: a, token: \"${ADMIN_TOKEN}\", role: root } ] }",
                "heimdall.yaml: admin.tokens[0].role: expected one of admin, operator, viewer, got \"root\"");
        assertRejected("""
                admin: { tokens: [ { name: a, token: one-token-0123456789, role: admin },
                                   { name: a, token: two-token-0123456789, role: viewer } ] }
                """, "heimdall.yaml: admin.tokens[1].name: expected a token name unique among the tokens, got \"a\" again");
        assertRejected("admin: { tokens: [], listen: 1 }",
                "heimdall.yaml: admin.listen: unknown key; expected one of tokens, port");
        assertRejected("admin: { port: 70000 }",
                "heimdall.yaml: admin.port: expected an integer between 0 and 65535, got 70000");
    }

    private void assertRejected(String yaml, String message) {
        assertThatThrownBy(() -> loader.parse(yaml, "heimdall.yaml")).isInstanceOf(ConfigException.class)
                .hasMessage(message);
    }
}
