package dev.heimdall.loadtest.bench.suite;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/** The suite's side of the mock provider's control endpoint and of the gateways' metrics endpoints. */
final class MockControl {
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();

    private final URI mock;

    MockControl(URI mock) {
        this.mock = mock;
    }

    /** Sets the mock's delays for every following request. */
    void timing(long latencyMs, long ttftMs, long interTokenMs) {
        String json = "{\"latencyMs\":" + latencyMs + ",\"ttftMs\":" + ttftMs + ",\"interTokenMs\":" + interTokenMs
                + "}";
        HttpResponse<String> r = send(HttpRequest.newBuilder(mock.resolve("/_mock/settings"))
                .timeout(Duration.ofSeconds(5)).header("content-type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(json)).build())
                .orElseThrow(() -> new IllegalStateException("the mock provider does not answer at " + mock));
        if (r.statusCode() / 100 != 2) {
            throw new IllegalStateException("the mock refused its settings " + json + ": " + r.statusCode() + " "
                    + r.body());
        }
    }

    /** The body of a GET, if it answered 2xx. */
    static Optional<String> get(URI url) {
        return send(HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(5)).build())
                .filter(r -> r.statusCode() / 100 == 2).map(HttpResponse::body);
    }

    /** One POST, for a smoke check of a system before it is measured. */
    static Optional<HttpResponse<String>> post(URI url, Map<String, String> headers, byte[] body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(10))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(b::header);
        return send(b.build());
    }

    private static Optional<HttpResponse<String>> send(HttpRequest request) {
        try {
            return Optional.of(HTTP.send(request, HttpResponse.BodyHandlers.ofString()));
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }
}
