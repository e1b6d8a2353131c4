package dev.heimdall.node;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;

import static dev.heimdall.node.AdminClient.ADMIN;
import static dev.heimdall.node.AdminClient.json;
import static org.assertj.core.api.Assertions.assertThat;

/** With {@code admin.port} the admin API listens on its own port, and only there. */
class AdminPortTest {

    private static GatewayHarness harness;

    @BeforeAll
    static void start() throws Exception {
        harness = GatewayHarness.start(GatewayHarness.DEFAULT_CONFIG
                + AdminClient.ADMIN_SECTION.replace("admin:\n", "admin:\n  port: 0\n"), GatewayHarness.mockDefaults());
    }

    @AfterAll
    static void stop() throws Exception {
        harness.close();
    }

    @Test
    void theAdminApiAnswersOnItsOwnPortOnly() throws Exception {
        assertThat(harness.node.adminPort()).isPositive().isNotEqualTo(harness.node.port());
        AdminClient onAdminPort = new AdminClient(harness.node.adminPort());
        assertThat(onAdminPort.get(ADMIN, "/admin/v1/customers").statusCode()).isEqualTo(200);
        HttpResponse<String> elsewhere = onAdminPort.get(ADMIN, "/v1/models");
        assertThat(elsewhere.statusCode()).isEqualTo(404);
        assertThat(json(elsewhere).at("/error/type").asText()).isEqualTo("not_found");

        HttpResponse<String> onGatewayPort = new AdminClient(harness.node.port()).get(ADMIN, "/admin/v1/customers");
        // the gateway's own answer to a path it does not serve (405: its body handler takes POST on every path)
        assertThat(onGatewayPort.statusCode()).isIn(404, 405);
        assertThat(json(onGatewayPort).at("/error/type").asText()).isEqualTo("invalid_request_error");
        assertThat(harness.get("/health/ready").statusCode()).isEqualTo(200);
    }
}
