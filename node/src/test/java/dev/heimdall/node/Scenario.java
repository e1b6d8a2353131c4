package dev.heimdall.node;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/** Requests and metric reads shared by the resilience scenario tests. */
final class Scenario {

    private final GatewayHarness harness;

    Scenario(GatewayHarness harness) {
        this.harness = harness;
    }

    /** {@code OPENAI_MOCK} in a provider of {@code yaml} stands for type openai at the mock's OpenAI API. */
    static String withOpenAiMock(String yaml) {
        return yaml.replace("OPENAI_MOCK", "type: openai, base-url: \"http://127.0.0.1:MOCK/openai\"");
    }

    HttpResponse<String> chat(String model, boolean stream, Map<String, String> headers) throws Exception {
        return post("/v1/chat/completions", "{\"model\":\"" + model + "\",\"stream\":" + stream
                + ",\"messages\":[{\"role\":\"user\",\"content\":\"one two three four five six\"}]}", headers);
    }

    HttpResponse<String> chat(String model) throws Exception {
        return chat(model, false, Map.of());
    }

    HttpResponse<String> post(String path, String body, Map<String, String> headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(harness.baseUrl() + path))
                .timeout(Duration.ofSeconds(20))
                .header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(request::header);
        return harness.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    static String header(HttpResponse<?> response, String name) {
        return response.headers().firstValue(name).orElse(null);
    }

    long sentWithKey(String apiKey) {
        return harness.mock.requests().stream().filter(r -> apiKey.equals(r.apiKey())).count();
    }

    /** The value of the one sample of {@code metric} whose line contains every label given, or NaN if none. */
    double metric(String metric, String... labels) throws Exception {
        return harness.get("/metrics").body().lines()
                .filter(l -> l.startsWith(metric + "{"))
                .filter(l -> java.util.Arrays.stream(labels).allMatch(l::contains))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
                .findFirst().orElse(Double.NaN);
    }

    /** Like {@link #metric} for a counter, 0 when it has not counted yet: tests compare it before and after. */
    double count(String metric, String... labels) throws Exception {
        double value = metric(metric, labels);
        return Double.isNaN(value) ? 0 : value;
    }
}
