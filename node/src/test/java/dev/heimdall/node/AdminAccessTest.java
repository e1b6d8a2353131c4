package dev.heimdall.node;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.AppenderBase;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static dev.heimdall.node.AdminClient.ADMIN;
import static dev.heimdall.node.AdminClient.OPERATOR;
import static dev.heimdall.node.AdminClient.VIEWER;
import static dev.heimdall.node.AdminClient.json;
import static org.assertj.core.api.Assertions.assertThat;

/** Admin tokens and roles: who may do what, and provider secrets that no response and no log line shows. */
class AdminAccessTest {

    private static final List<String> SECRETS = List.of("sk-live-key-value-4242", "AKIAEXAMPLE4242",
            "aws-secret-access-key-4242", "proxy-password-4242", "org-header-secret-4242");
    private static final String SECRET_PROVIDER = """
            {"id": "vault", "type": "openai", "base-url": "http://127.0.0.1:1/v1",
             "keys": [{"name": "main", "value": "sk-live-key-value-4242"}],
             "headers": {"OpenAI-Organization": "org-header-secret-4242"},
             "proxy": {"host": "proxy.internal", "port": 3128, "username": "gw", "password": "proxy-password-4242"}}
            """;

    private static GatewayHarness harness;
    private static AdminClient admin;
    private static final List<String> logLines = new CopyOnWriteArrayList<>();
    private static final AppenderBase<ILoggingEvent> capture = new AppenderBase<>() {
        @Override
        protected void append(ILoggingEvent event) {
            logLines.add(event.getFormattedMessage() + (event.getThrowableProxy() == null ? ""
                    : ThrowableProxyUtil.asString(event.getThrowableProxy())));
        }
    };

    @BeforeAll
    static void start() throws Exception {
        capture.start();
        ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).addAppender(capture);
        harness = GatewayHarness.start(GatewayHarness.DEFAULT_CONFIG + AdminClient.ADMIN_SECTION,
                GatewayHarness.mockDefaults());
        admin = new AdminClient(harness.node.adminPort());
    }

    @AfterAll
    static void stop() throws Exception {
        harness.close();
        ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).detachAppender(capture);
    }

    @Test
    void aRequestWithoutAValidAdminTokenIsUnauthorized() throws Exception {
        for (String token : new String[] {null, "not-a-token-at-all", ADMIN + "x"}) {
            HttpResponse<String> response = admin.get(token, "/admin/v1/customers");
            assertThat(response.statusCode()).isEqualTo(401);
            assertThat(response.headers().firstValue("www-authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
            assertThat(json(response).at("/error/type").asText()).isEqualTo("unauthorized");
        }
        assertThat(admin.getAuthorized("Basic " + ADMIN, "/admin/v1/customers").statusCode()).isEqualTo(401);
        assertThat(admin.getAuthorized("bearer " + ADMIN, "/admin/v1/customers").statusCode()).isEqualTo(200);
        assertThat(admin.get(null, "/admin/v1/no-such-thing").statusCode()).isEqualTo(401);
    }

    @Test
    void aViewerReadsEverythingAndWritesNothing() throws Exception {
        admin.post(ADMIN, "/admin/v1/customers", "{\"id\": \"viewed\"}");
        for (String kind : List.of("providers", "models", "routing-rules", "customers", "teams", "virtual-keys",
                "access-profiles", "guardrail-policies")) {
            assertThat(admin.get(VIEWER, "/admin/v1/" + kind).statusCode()).as(kind).isEqualTo(200);
            assertThat(admin.post(VIEWER, "/admin/v1/" + kind, "{\"id\": \"x\"}").statusCode()).as(kind).isEqualTo(403);
            assertThat(admin.put(VIEWER, "/admin/v1/" + kind + "/x", "{}", null).statusCode()).as(kind).isEqualTo(403);
            assertThat(admin.patch(VIEWER, "/admin/v1/" + kind + "/x", "{}", null).statusCode()).as(kind).isEqualTo(403);
            assertThat(admin.delete(VIEWER, "/admin/v1/" + kind + "/x", null).statusCode()).as(kind).isEqualTo(403);
        }
        assertThat(admin.post(VIEWER, "/admin/v1/virtual-keys/x/rotate", "{}").statusCode()).isEqualTo(403);
        HttpResponse<String> denied = admin.delete(VIEWER, "/admin/v1/customers/viewed", null);
        assertThat(json(denied).at("/error/type").asText()).isEqualTo("forbidden");
        assertThat(admin.get(VIEWER, "/admin/v1/customers/viewed").statusCode()).isEqualTo(200);
        assertThat(admin.get(VIEWER, "/admin/v1/usage").statusCode()).isEqualTo(200);
        assertThat(admin.get(VIEWER, "/admin/v1/admin-tokens").statusCode()).isEqualTo(403);
    }

    @Test
    void anOperatorChangesProvidersButNeitherSetsTheirSecretsNorSeesAdminTokens() throws Exception {
        HttpResponse<String> withKey = admin.post(OPERATOR, "/admin/v1/providers", """
                {"id": "op-made", "type": "openai", "base-url": "http://127.0.0.1:1", "keys": [{"name": "k", "value": "sk-x"}]}
                """);
        assertThat(withKey.statusCode()).isEqualTo(403);
        assertThat(json(withKey).at("/error/message").asText()).contains("provider secrets");
        assertThat(admin.post(OPERATOR, "/admin/v1/providers",
                "{\"id\": \"op-made\", \"type\": \"openai\", \"base-url\": \"http://127.0.0.1:1\"}").statusCode())
                .isEqualTo(201);

        assertThat(admin.post(ADMIN, "/admin/v1/providers", SECRET_PROVIDER.replace("\"vault\"", "\"guarded\""))
                .statusCode()).isEqualTo(201);
        ObjectNode view = (ObjectNode) json(admin.get(OPERATOR, "/admin/v1/providers/guarded"));
        view.put("max-connections", 32);
        assertThat(admin.put(OPERATOR, "/admin/v1/providers/guarded", view.toString(), null).statusCode()).isEqualTo(200);
        view.putObject("headers").put("X-Extra", "new");
        assertThat(admin.put(OPERATOR, "/admin/v1/providers/guarded", view.toString(), null).statusCode()).isEqualTo(403);
        assertThat(admin.patch(OPERATOR, "/admin/v1/providers/guarded",
                "{\"proxy\": {\"host\": \"proxy.internal\", \"port\": 3128, \"username\": \"gw\", \"password\": \"p\"}}", null)
                .statusCode()).isEqualTo(403);
        for (String redirect : List.of("{\"base-url\": \"http://collector.example:8080\"}",
                "{\"proxy\": {\"host\": \"collector.example\", \"port\": 3128, \"username\": \"gw\"}}",
                "{\"tls\": {\"verify-host\": false}}", "{\"type\": \"anthropic\"}")) {
            HttpResponse<String> refused = admin.patch(OPERATOR, "/admin/v1/providers/guarded", redirect, null);
            assertThat(refused.statusCode()).as(redirect).isEqualTo(403);
            assertThat(json(refused).at("/error/message").asText()).contains("send the stored ones elsewhere");
        }
        assertThat(admin.patch(ADMIN, "/admin/v1/providers/guarded", "{\"base-url\": \"http://127.0.0.2:1/v1\"}", null)
                .statusCode()).isEqualTo(200);

        assertThat(admin.get(OPERATOR, "/admin/v1/admin-tokens").statusCode()).isEqualTo(403);
        HttpResponse<String> tokens = admin.get(ADMIN, "/admin/v1/admin-tokens");
        assertThat(tokens.statusCode()).isEqualTo(200);
        assertThat(tokens.body()).isEqualTo("{\"data\":[{\"name\":\"root\",\"role\":\"admin\"},"
                + "{\"name\":\"ops\",\"role\":\"operator\"},{\"name\":\"watcher\",\"role\":\"viewer\"}]}");
    }

    @Test
    void providerSecretsAppearInNoResponseAndNoLogLine() throws Exception {
        assertThat(admin.post(ADMIN, "/admin/v1/providers", SECRET_PROVIDER).statusCode()).isEqualTo(201);
        assertThat(admin.post(ADMIN, "/admin/v1/providers", """
                {"id": "aws", "type": "bedrock", "region": "us-east-1",
                 "keys": [{"name": "k", "access-key-id": "AKIAEXAMPLE4242", "secret-access-key": "aws-secret-access-key-4242"}]}
                """).statusCode()).isEqualTo(201);
        for (String token : List.of(ADMIN, OPERATOR, VIEWER)) {
            JsonNode vault = json(admin.get(token, "/admin/v1/providers/vault"));
            assertThat(vault.at("/keys/0/has-secret").asBoolean()).isTrue();
            assertThat(vault.at("/proxy/has-secret").asBoolean()).isTrue();
            assertThat(vault.at("/proxy/username").asText()).isEqualTo("gw");
            assertThat(json(admin.get(token, "/admin/v1/providers/aws")).at("/keys/0/has-secret").asBoolean()).isTrue();
            admin.get(token, "/admin/v1/providers");
        }
        admin.patch(ADMIN, "/admin/v1/providers/vault", "{\"max-connections\": 8}", null);
        HttpResponse<String> badProxy = admin.patch(ADMIN, "/admin/v1/providers/vault",
                "{\"proxy\": {\"url\": \"http://gw:proxy-password-4242@bad host:1\"}}", null);
        assertThat(badProxy.statusCode()).isEqualTo(400);
        assertThat(json(badProxy).at("/error/field").asText()).startsWith("proxy.");
        HttpResponse<String> notAUrl = admin.put(ADMIN, "/admin/v1/providers/vault", SECRET_PROVIDER.replace(
                "\"host\": \"proxy.internal\", \"port\": 3128, \"username\": \"gw\", \"password\": \"proxy-password-4242\"",
                "\"url\": \"http://gw:proxy-password-4242@bad host:1\""), null);
        assertThat(notAUrl.statusCode()).as(notAUrl.body()).isEqualTo(400);
        assertThat(json(notAUrl).at("/error/field").asText()).isEqualTo("proxy.url");
        admin.post(ADMIN, "/admin/v1/providers/vault", "{\"keys\": [{\"value\": \"sk-live-key-value-4242\"");
        admin.post(ADMIN, "/admin/v1/providers", "{\"id\": \"bad\", \"type\": \"openai\", \"base-url\": "
                + "\"http://user:proxy-password-4242@127.0.0.1\", \"keys\": [{\"name\": \"k\", \"value\": 42}]}");
        admin.post(ADMIN, "/admin/v1/providers", "{\"id\": \"bad\", \"type\": \"openai\", \"base-url\": \"http://127.0.0.1\","
                + " \"keys\": [{\"name\": \"k\", \"value\": \"sk-live-key-value-4242\", \"colour\": \"AKIAEXAMPLE4242\"}]}");
        admin.post(ADMIN, "/admin/v1/providers", "{\"id\": \"bad\", \"type\": \"openai\", \"base-url\": \"http://127.0.0.1\","
                + " \"proxy\": {\"url\": \"ftp://gw:proxy-password-4242@proxy\"}}");

        List<String> bodies = admin.exchanges.stream().map(AdminClient.Exchange::body).toList();
        for (String secret : SECRETS) {
            assertThat(bodies).noneMatch(body -> body.contains(secret));
            assertThat(logLines).noneMatch(line -> line.contains(secret));
        }
        assertThat(logLines).anyMatch(line -> line.contains("providers/vault"));
    }
}
