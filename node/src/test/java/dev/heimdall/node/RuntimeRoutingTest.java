package dev.heimdall.node;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;

import static dev.heimdall.node.AdminClient.ADMIN;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Providers, aliases and routing rules made through the admin API are in force for the next request, next to the
 * config file's own, and survive a restart.
 */
class RuntimeRoutingTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private GatewayHarness harness;

    @AfterEach
    void stop() throws Exception {
        if (harness != null) {
            harness.close();
        }
    }

    @Test
    void providersAliasesAndRulesMadeThroughTheApiRouteTheNextRequestAndSurviveARestart() throws Exception {
        Path dir = Files.createTempDirectory("heimdall-routing");
        String yaml = "storage: { url: \"jdbc:sqlite:" + dir.resolve("h.db") + "\" }\n"
                + GatewayHarness.DEFAULT_CONFIG + AdminClient.ADMIN_SECTION;
        harness = GatewayHarness.start(yaml, GatewayHarness.mockDefaults(), Clock.systemUTC());
        AdminClient admin = new AdminClient(harness.node.adminPort());
        assertThat(chat("team-model").statusCode()).isEqualTo(404);

        // an alias over a provider the config file declares
        assertThat(admin.post(ADMIN, "/admin/v1/models",
                "{\"id\": \"team-model\", \"targets\": [{\"provider\": \"openai\", \"model\": \"gpt-4o-mini\"}]}")
                .statusCode()).isEqualTo(201);
        HttpResponse<String> viaFileProvider = chat("team-model");
        assertThat(viaFileProvider.statusCode()).isEqualTo(200);
        assertThat(viaFileProvider.headers().firstValue("x-heimdall-provider")).hasValue("openai");

        // a provider of its own, and the alias moved onto it
        String mock = "http://127.0.0.1:" + harness.mock.port() + "/anthropic";
        assertThat(admin.post(ADMIN, "/admin/v1/providers", "{\"id\": \"claude-team\", \"type\": \"anthropic\", "
                + "\"base-url\": \"" + mock + "\", \"keys\": [{\"name\": \"team\", \"value\": \"sk-ant-team\"}]}")
                .statusCode()).isEqualTo(201);
        assertThat(admin.put(ADMIN, "/admin/v1/models/team-model",
                "{\"id\": \"team-model\", \"targets\": [{\"provider\": \"claude-team\", \"model\": \"claude-haiku-4-5\"}]}",
                "\"1\"").statusCode()).isEqualTo(200);
        HttpResponse<String> moved = chat("team-model");
        assertThat(moved.statusCode()).isEqualTo(200);
        assertThat(moved.headers().firstValue("x-heimdall-provider")).hasValue("claude-team");
        assertThat(harness.mock.requests("anthropic")).anySatisfy(r -> assertThat(r.apiKey()).isEqualTo("sk-ant-team"));

        // a rule applies after the file's rules
        assertThat(admin.post(ADMIN, "/admin/v1/routing-rules", "{\"id\": \"vip\", \"when\": "
                + "\"has(request.metadata.tier) && request.metadata.tier == 'vip'\", "
                + "\"route\": {\"provider\": \"claude-team\", \"model\": \"claude-sonnet-4-5\"}}").statusCode())
                .isEqualTo(201);
        HttpResponse<String> vip = harness.post("/v1/chat/completions", "application/json",
                "{\"model\":\"smart\",\"metadata\":{\"tier\":\"vip\"},\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
        assertThat(vip.headers().firstValue("x-heimdall-rule")).hasValue("vip");
        assertThat(vip.headers().firstValue("x-heimdall-model")).hasValue("claude-sonnet-4-5");

        harness.close();
        harness = GatewayHarness.start(yaml, GatewayHarness.mockDefaults(), Clock.systemUTC());
        String restartedMock = "http://127.0.0.1:" + harness.mock.port() + "/anthropic";
        admin = new AdminClient(harness.node.adminPort());
        // the mock came back on another port: point the stored provider at it, as an operator would
        String provider = admin.get(ADMIN, "/admin/v1/providers/claude-team").body();
        assertThat(provider).contains("claude-team");
        assertThat(admin.patch(ADMIN, "/admin/v1/providers/claude-team", "{\"base-url\": \"" + restartedMock + "\"}",
                "\"1\"").statusCode()).isEqualTo(200);
        HttpResponse<String> afterRestart = chat("team-model");
        assertThat(afterRestart.statusCode()).as(afterRestart.body()).isEqualTo(200);
        assertThat(afterRestart.headers().firstValue("x-heimdall-provider")).hasValue("claude-team");

        assertThat(admin.delete(ADMIN, "/admin/v1/routing-rules/vip", "\"1\"").statusCode()).isEqualTo(204);
        assertThat(admin.put(ADMIN, "/admin/v1/models/team-model",
                "{\"id\": \"team-model\", \"targets\": [{\"provider\": \"openai\", \"model\": \"gpt-4o-mini\"}]}",
                "\"2\"").statusCode()).isEqualTo(200);
        assertThat(admin.delete(ADMIN, "/admin/v1/providers/claude-team", "\"2\"").statusCode()).isEqualTo(204);
        assertThat(chat("team-model").headers().firstValue("x-heimdall-provider")).hasValue("openai");
        assertThat(admin.delete(ADMIN, "/admin/v1/models/team-model", "\"3\"").statusCode()).isEqualTo(204);
        assertThat(chat("team-model").statusCode()).isEqualTo(404);
    }

    private HttpResponse<String> chat(String model) throws Exception {
        return harness.post("/v1/chat/completions", "application/json",
                "{\"model\":\"" + model + "\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
    }
}
