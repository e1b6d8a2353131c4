package dev.heimdall.loadtest.mock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class FaultInjectionTest extends MockHttp {
    private static final String CHAT = "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
    private static final String MESSAGES = "{\"model\":\"claude-sonnet-4-5\",\"max_tokens\":10,"
            + "\"messages\":[{\"role\":\"user\",\"content\":\"one two three four five\"}]";

    @Test
    void injectsStatusWithRetryAfterInTheOpenAiShape() throws Exception {
        mock.faults().add(FaultRule.status(429, 5).provider("openai"));
        HttpResponse<String> res = openai("/v1/chat/completions", CHAT);
        assertThat(res.statusCode()).isEqualTo(429);
        assertThat(res.headers().firstValue("retry-after")).hasValue("5");
        JsonNode error = parse(res.body()).get("error");
        assertThat(error.get("type").asText()).isEqualTo("requests");
        assertThat(error.get("code").asText()).isEqualTo("rate_limit_exceeded");
        assertThat(anthropic("/v1/messages", MESSAGES + "}").statusCode()).isEqualTo(200);
        mock.faults().clear();
        mock.faults().add(FaultRule.status(500));
        assertThat(parse(openai("/v1/chat/completions", CHAT).body()).at("/error/type").asText())
                .isEqualTo("server_error");
    }

    @Test
    void injectsStatusInTheAnthropicShape() throws Exception {
        mock.faults().add(FaultRule.status(529).provider("anthropic"));
        HttpResponse<String> res = anthropic("/v1/messages", MESSAGES + "}");
        assertThat(res.statusCode()).isEqualTo(529);
        JsonNode json = parse(res.body());
        assertThat(json.get("type").asText()).isEqualTo("error");
        assertThat(json.at("/error/type").asText()).isEqualTo("overloaded_error");
        HttpResponse<String> limited = anthropic("/v1/messages", MESSAGES + "}", "x-mock-fault",
                "status=429;retry-after=7");
        assertThat(limited.statusCode()).isEqualTo(429);
        assertThat(limited.headers().firstValue("retry-after")).hasValue("7");
        assertThat(parse(limited.body()).at("/error/type").asText()).isEqualTo("rate_limit_error");
        assertThat(parse(anthropic("/v1/messages", MESSAGES + "}", "x-mock-fault", "status=500").body())
                .at("/error/type").asText()).isEqualTo("api_error");
    }

    @Test
    void resetClosesTheConnectionWithoutAResponse() throws Exception {
        mock.faults().add(FaultRule.reset().times(1));
        assertThatThrownBy(() -> openai("/v1/chat/completions", CHAT)).isInstanceOf(IOException.class);
        assertThat(openai("/v1/chat/completions", CHAT).statusCode()).isEqualTo(200);
        assertThatThrownBy(() -> openai("/v1/chat/completions", CHAT, "x-mock-fault", "reset"))
                .isInstanceOf(IOException.class);
    }

    @Test
    void cutAfterClosesTheStreamAfterNEvents() throws Exception {
        mock.faults().add(FaultRule.cutAfter(3).provider("anthropic"));
        String raw = rawExchange("POST /anthropic/v1/messages HTTP/1.1", MESSAGES + ",\"stream\":true}",
                "x-api-key: k", "anthropic-version: 2023-06-01");
        assertThat(raw).startsWith("HTTP/1.1 200");
        List<String> events = raw.lines().filter(l -> l.startsWith("event: ")).map(l -> l.substring(7)).toList();
        assertThat(events).containsExactly("message_start", "content_block_start", "ping");
        assertThat(raw).as("no terminating chunk").doesNotEndWith("0\r\n\r\n");
        assertThatThrownBy(() -> openai("/v1/chat/completions", CHAT.replace("}]", "}],\"stream\":true"),
                "x-mock-fault", "cut-after=2")).isInstanceOf(IOException.class);
        assertThatThrownBy(() -> openai("/v1/chat/completions", CHAT, "x-mock-fault", "cut-after=0"))
                .isInstanceOf(IOException.class);
    }

    /** Sends one request over a raw socket and returns everything read until the server closes the connection. */
    private static String rawExchange(String requestLine, String body, String... headers) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", mock.port())) {
            socket.setSoTimeout(5_000);
            StringBuilder req = new StringBuilder(requestLine).append("\r\nhost: 127.0.0.1\r\n");
            for (String h : headers) {
                req.append(h).append("\r\n");
            }
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            req.append("content-length: ").append(bytes.length).append("\r\n\r\n");
            OutputStream out = socket.getOutputStream();
            out.write(req.toString().getBytes(StandardCharsets.UTF_8));
            out.write(bytes);
            out.flush();
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void delayWaitsBeforeAnsweringNormally() throws Exception {
        mock.faults().add(FaultRule.delay(300).model("gpt-4o-mini"));
        long t0 = System.nanoTime();
        assertThat(openai("/v1/chat/completions", CHAT).statusCode()).isEqualTo(200);
        assertThat((System.nanoTime() - t0) / 1_000_000).isGreaterThanOrEqualTo(295);
        t0 = System.nanoTime();
        assertThat(openai("/v1/chat/completions", CHAT.replace("gpt-4o-mini", "gpt-4o")).statusCode()).isEqualTo(200);
        assertThat((System.nanoTime() - t0) / 1_000_000).isLessThan(250);
    }

    @Test
    void hangNeverAnswers() {
        mock.faults().add(FaultRule.hang().apiKey("sk-test-1234567890"));
        HttpRequest req = HttpRequest.newBuilder(URI.create(mock.baseUrl() + "/openai/v1/chat/completions"))
                .header("authorization", "Bearer sk-test-1234567890").timeout(Duration.ofMillis(400))
                .POST(HttpRequest.BodyPublishers.ofString(CHAT)).build();
        assertThatThrownBy(() -> HTTP.send(req, HttpResponse.BodyHandlers.ofString()))
                .isInstanceOf(HttpTimeoutException.class);
    }

    @Test
    void timesExpiresTheRule() throws Exception {
        mock.faults().add(FaultRule.status(503).times(2));
        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            statuses.add(openai("/v1/chat/completions", CHAT).statusCode());
        }
        assertThat(statuses).containsExactly(503, 503, 200, 200);
        assertThat(mock.faults().rules()).isEmpty();
    }

    @Test
    void rateHitsADeterministicFraction() throws Exception {
        mock.faults().add(FaultRule.status(500).rate(0.5));
        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            statuses.add(openai("/v1/chat/completions", CHAT).statusCode());
        }
        assertThat(statuses).containsExactly(200, 500, 200, 500, 200, 500);
    }

    @Test
    void rejectsAnUnknownFaultHeader() throws Exception {
        HttpResponse<String> res = openai("/v1/chat/completions", CHAT, "x-mock-fault", "explode");
        assertThat(res.statusCode()).isEqualTo(400);
        assertThat(res.body()).contains("unknown fault 'explode'");
    }

    @Test
    void appliesFaultsFromConfig() throws Exception {
        Vertx other = Vertx.vertx();
        try {
            MockProvider m = MockProvider.start(other, MockConfig.defaults().port(0)
                            .faults(List.of(FaultRule.status(502).times(1))).validKeys(java.util.Set.of("only")))
                    .toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(m.baseUrl() + "/openai/v1/chat/completions"))
                    .POST(HttpRequest.BodyPublishers.ofString(CHAT));
            HttpRequest ok = b.copy().header("authorization", "Bearer only").build();
            assertThat(HTTP.send(ok, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(502);
            assertThat(HTTP.send(ok, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
            HttpRequest wrong = b.copy().header("authorization", "Bearer sk-other").build();
            assertThat(HTTP.send(wrong, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(401);
            m.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
        } finally {
            other.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void parsesTheHeaderForm() {
        assertThat(FaultAction.parse("status=429;retry-after=5")).isEqualTo(new FaultAction.Status(429, 5));
        assertThat(FaultAction.parse("reset")).isEqualTo(new FaultAction.Reset());
        assertThat(FaultAction.parse("delay=2000")).isEqualTo(new FaultAction.Delay(2000));
        assertThat(FaultAction.parse("cut-after=3")).isEqualTo(new FaultAction.CutAfter(3));
        assertThat(FaultAction.parse("hang")).isEqualTo(new FaultAction.Hang());
        assertThatThrownBy(() -> FaultAction.parse("status=abc")).isInstanceOf(IllegalArgumentException.class);
    }
}
