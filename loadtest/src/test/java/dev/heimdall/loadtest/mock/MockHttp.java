package dev.heimdall.loadtest.mock;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.Vertx;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/** One in-process mock per test class, driven over real HTTP/1.1 with java.net.http. */
abstract class MockHttp {
    static Vertx vertx;
    static MockProvider mock;
    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    /** One server-sent event: {@code event} is null for OpenAI-style data-only events. */
    record Sse(String event, String data) {
        JsonNode json() {
            return parse(data);
        }
    }

    @BeforeAll
    static void startMock() throws Exception {
        vertx = Vertx.vertx();
        mock = MockProvider.start(vertx, MockConfig.defaults().port(0).maxContextTokens(
                java.util.Map.of("tiny-model", 50))).toCompletionStage().toCompletableFuture().get(10,
                TimeUnit.SECONDS);
    }

    @AfterAll
    static void stopMock() throws Exception {
        mock.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @BeforeEach
    void reset() {
        mock.faults().clear();
        mock.clearRequests();
        mock.settings().latencyMs(0).ttftMs(0).interTokenMs(0);
    }

    static HttpResponse<String> send(String method, String path, String body, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(mock.baseUrl() + path))
                .timeout(Duration.ofSeconds(10))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> openai(String path, String body, String... headers) throws Exception {
        String[] all = new String[headers.length + 2];
        all[0] = "authorization";
        all[1] = "Bearer sk-test-1234567890";
        System.arraycopy(headers, 0, all, 2, headers.length);
        return send("POST", "/openai" + path, body, all);
    }

    static HttpResponse<String> anthropic(String path, String body, String... headers) throws Exception {
        String[] all = new String[headers.length + 4];
        all[0] = "x-api-key";
        all[1] = "sk-ant-test";
        all[2] = "anthropic-version";
        all[3] = "2023-06-01";
        System.arraycopy(headers, 0, all, 4, headers.length);
        return send("POST", "/anthropic" + path, body, all);
    }

    static JsonNode parse(String json) {
        try {
            return MockJson.MAPPER.readTree(json);
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + json, e);
        }
    }

    static List<Sse> events(String body) {
        List<Sse> out = new ArrayList<>();
        for (String block : body.split("\n\n")) {
            if (block.isBlank()) {
                continue;
            }
            String event = null;
            StringBuilder data = new StringBuilder();
            for (String line : block.split("\n")) {
                if (line.startsWith("event: ")) {
                    event = line.substring(7);
                } else if (line.startsWith("data: ")) {
                    data.append(line.substring(6));
                } else {
                    throw new AssertionError("unexpected SSE line: " + line);
                }
            }
            out.add(new Sse(event, data.toString()));
        }
        return out;
    }
}
