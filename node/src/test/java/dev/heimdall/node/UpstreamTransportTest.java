package dev.heimdall.node;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.heimdall.loadtest.mock.MockConfig;
import dev.heimdall.loadtest.mock.MockProvider;
import dev.heimdall.node.config.ConfigLoader;
import dev.heimdall.providers.AdapterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.PfxOptions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static dev.heimdall.node.GatewayHarness.await;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * How the node reaches upstreams on-prem: over TLS signed by a private CA given as a bundle, and through an outbound
 * HTTP proxy. Both are real: a TLS front for the mock with a freshly generated certificate, and a forwarding proxy.
 */
class UpstreamTransportTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CHAT = "{\"model\":\"MODEL\",\"messages\":[{\"role\":\"user\",\"content\":\"over the wire\"}]}";

    @TempDir
    static Path dir;
    private static Vertx vertx;
    private static MockProvider mock;
    private static HttpServer tlsFront;
    private static HttpServer proxy;
    private static final List<String> proxied = new CopyOnWriteArrayList<>();
    private static final java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        vertx = Vertx.vertx();
        mock = await(MockProvider.start(vertx, MockConfig.defaults().port(0)));
        Path keystore = dir.resolve("upstream.p12");
        Path caPem = dir.resolve("ca.pem");
        run("keytool", "-genkeypair", "-alias", "upstream", "-keyalg", "EC", "-groupname", "secp256r1",
                "-dname", "CN=localhost", "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-validity", "2",
                "-storetype", "PKCS12", "-keystore", keystore.toString(), "-storepass", "changeit", "-keypass", "changeit");
        run("keytool", "-exportcert", "-rfc", "-alias", "upstream", "-keystore", keystore.toString(),
                "-storepass", "changeit", "-file", caPem.toString());

        // TLS front: terminates TLS and forwards to the mock, as an on-prem HTTPS endpoint would
        HttpClient toMock = vertx.createHttpClient();
        tlsFront = await(vertx.createHttpServer(new HttpServerOptions().setSsl(true).setHost("127.0.0.1").setPort(0)
                        .setKeyCertOptions(new PfxOptions().setPath(keystore.toString()).setPassword("changeit")))
                .requestHandler(req -> forward(toMock, req, "http://127.0.0.1:" + mock.port() + req.uri()))
                .listen());
        // plain forwarding proxy: clients send absolute-form URIs
        proxy = await(vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(0))
                .requestHandler(req -> {
                    proxied.add(req.uri());
                    forward(toMock, req, req.uri());
                })
                .listen());
    }

    private static void forward(HttpClient client, io.vertx.core.http.HttpServerRequest req, String absoluteUri) {
        req.body().compose(body -> {
            RequestOptions options = new RequestOptions().setAbsoluteURI(absoluteUri).setMethod(req.method());
            req.headers().forEach(h -> {
                if (!h.getKey().equalsIgnoreCase("host") && !h.getKey().toLowerCase().startsWith("proxy-")) {
                    options.addHeader(h.getKey(), h.getValue());
                }
            });
            return client.request(options).compose(r -> r.send(body)).compose(resp -> resp.body().map(b -> {
                req.response().setStatusCode(resp.statusCode());
                resp.headers().forEach(h -> req.response().putHeader(h.getKey(), h.getValue()));
                req.response().end(b);
                return b;
            }));
        }).onFailure(err -> req.response().setStatusCode(599).end());
    }

    private static void run(String... command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(out).isZero();
    }

    @AfterAll
    static void stop() throws Exception {
        await(vertx.close());
    }

    private static HttpResponse<String> chatThrough(String yaml, String model) throws Exception {
        var config = HeimdallNode.configLoader(Map.of()).parse(GatewayHarness.withTestDefaults(yaml), "transport.yaml");
        HeimdallNode node = await(HeimdallNode.start(config));
        try {
            return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.port() + "/v1/chat/completions"))
                    .header("content-type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(CHAT.replace("MODEL", model))).build(),
                    HttpResponse.BodyHandlers.ofString());
        } finally {
            await(node.close());
        }
    }

    @Test
    void reachesATlsUpstreamSignedByThePrivateCaInTheBundle() throws Exception {
        String yaml = """
                server: { host: 127.0.0.1, port: 0, event-loops: 1 }
                providers:
                  onprem:
                    type: openai
                    base-url: "https://localhost:PORT/openai"
                    keys: [ { name: k, value: sk-onprem } ]
                    tls: { ca-bundle: "CA" }
                """.replace("PORT", Integer.toString(tlsFront.actualPort())).replace("CA", dir.resolve("ca.pem").toString());
        HttpResponse<String> response = chatThrough(yaml, "onprem/gpt-4o-mini");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(JSON.readTree(response.body()).at("/choices/0/message/content").asText()).contains("over the wire");
    }

    @Test
    void refusesATlsUpstreamWhoseCaIsNotTrusted() throws Exception {
        String yaml = """
                server: { host: 127.0.0.1, port: 0, event-loops: 1 }
                providers:
                  onprem:
                    type: openai
                    base-url: "https://localhost:PORT/openai"
                    keys: [ { name: k, value: sk-onprem } ]
                """.replace("PORT", Integer.toString(tlsFront.actualPort()));
        HttpResponse<String> response = chatThrough(yaml, "onprem/gpt-4o-mini");
        assertThat(response.statusCode()).isEqualTo(502);
        assertThat(JSON.readTree(response.body()).at("/error/message").asText()).doesNotContain("sk-onprem");
    }

    @Test
    void sendsUpstreamTrafficThroughTheConfiguredProxy() throws Exception {
        proxied.clear();
        String yaml = """
                server: { host: 127.0.0.1, port: 0, event-loops: 1 }
                providers:
                  openai:
                    type: openai
                    base-url: "http://127.0.0.1:MOCK/openai"
                    keys: [ { name: k, value: sk-proxied } ]
                    proxy: { url: "http://127.0.0.1:PROXY" }
                """.replace("MOCK", Integer.toString(mock.port())).replace("PROXY", Integer.toString(proxy.actualPort()));
        HttpResponse<String> response = chatThrough(yaml, "openai/gpt-4o-mini");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(proxied).containsExactly("http://127.0.0.1:" + mock.port() + "/openai/v1/chat/completions");
    }

    @Test
    void openAiCompatibleServersTakeACustomAuthHeaderOrNoneAtAll() throws Exception {
        mock.clearRequests();
        String yaml = """
                server: { host: 127.0.0.1, port: 0, event-loops: 1 }
                providers:
                  lmstudio:
                    type: openai
                    base-url: "http://127.0.0.1:MOCK/openai"
                    keys: [ { name: k, value: local-secret } ]
                    auth-header: X-Api-Token
                    auth-prefix: "Token "
                    headers: { X-Tenant: blue }
                  ollama:
                    type: openai
                    base-url: "http://127.0.0.1:MOCK/openai"
                """.replace("MOCK", Integer.toString(mock.port()));
        chatThrough(yaml, "lmstudio/llama3");
        chatThrough(yaml, "ollama/llama3");

        var requests = mock.requests("openai");
        assertThat(requests).hasSize(2);
        assertThat(requests.get(0).header("x-api-token")).isEqualTo("Token local-secret");
        assertThat(requests.get(0).header("authorization")).isNull();
        assertThat(requests.get(0).header("x-tenant")).isEqualTo("blue");
        assertThat(requests.get(1).header("authorization")).isNull();
        assertThat(requests.get(1).header("x-api-token")).isNull();
    }
}
