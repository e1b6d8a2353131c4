package dev.heimdall.node;

import dev.heimdall.loadtest.mock.MockConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Streams are forwarded as they are produced: nothing waits for the upstream to finish. */
class StreamingTest {

    private static final java.util.regex.Pattern NON_EMPTY_CONTENT = java.util.regex.Pattern.compile("\"content\":\"[^\"]");
    private static GatewayHarness harness;

    @BeforeAll
    static void start() throws Exception {
        harness = GatewayHarness.start(GatewayHarness.DEFAULT_CONFIG, GatewayHarness.mockDefaults());
        harness.mock.settings().interTokenMs(200);
    }

    @AfterAll
    static void stop() throws Exception {
        harness.close();
    }

    private List<Long> contentArrivals(String model) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(harness.baseUrl() + "/v1/chat/completions"))
                .header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"" + model + "\",\"stream\":true,"
                        + "\"messages\":[{\"role\":\"user\",\"content\":\"one two three four five six\"}]}"))
                .build();
        long start = System.nanoTime();
        HttpResponse<InputStream> response = harness.http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("content-type")).hasValueSatisfying(v -> assertThat(v).startsWith("text/event-stream"));
        List<Long> arrivals = new ArrayList<>();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                if (line.startsWith("data: ") && NON_EMPTY_CONTENT.matcher(line).find()) {
                    arrivals.add((System.nanoTime() - start) / 1_000_000);
                }
            }
        }
        return arrivals;
    }

    @Test
    void firstChunkArrivesLongBeforeTheLastIsProduced() throws Exception {
        double cancelledBefore = cancelledRequests();
        for (String model : List.of("openai/gpt-4o-mini", "anthropic/claude-sonnet-4-5")) {
            List<Long> arrivals = contentArrivals(model);
            // the reply has 10 pieces, 200 ms apart at the mock: buffering would make them arrive together
            assertThat(arrivals).as(model).hasSizeGreaterThanOrEqualTo(8);
            long first = arrivals.get(0);
            long last = arrivals.get(arrivals.size() - 1);
            assertThat(last - first).as(model + " spread of arrivals in ms").isGreaterThan(1_000);
            // a busy machine may bunch two pieces together now and then, but most gaps keep the upstream's pace
            long paced = 0;
            for (int i = 1; i < arrivals.size(); i++) {
                if (arrivals.get(i) - arrivals.get(i - 1) > 100) {
                    paced++;
                }
            }
            assertThat(paced).as(model + " gaps over 100 ms").isGreaterThanOrEqualTo((arrivals.size() - 1) / 2);
        }
        // streams read to their end are answered requests, not cancelled ones (HTTP/2 closes the stream inside end())
        assertThat(cancelledRequests()).isEqualTo(cancelledBefore);
    }

    private double cancelledRequests() throws Exception {
        java.util.regex.Matcher m = java.util.regex.Pattern
                .compile("heimdall_requests_total\\{[^}]*status=\"499\"[^}]*\\} ([0-9.]+)")
                .matcher(harness.get("/metrics").body());
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }

    @Test
    void clientThatHangsUpMidStreamCancelsTheUpstreamRequest() throws Exception {
        double before = cancelledRequests();
        String body = "{\"model\":\"openai/gpt-4o-mini\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\""
                + "a b c d e f g h i j k l m n o p q r s t" + "\"}]}";
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", harness.node.port())) {
            socket.setSoTimeout(10_000);
            var out = socket.getOutputStream();
            out.write(("POST /v1/chat/completions HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                    + "Content-Length: " + body.getBytes(StandardCharsets.UTF_8).length + "\r\n\r\n" + body)
                    .getBytes(StandardCharsets.UTF_8));
            out.flush();
            BufferedReader reader = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            String line;
            while ((line = reader.readLine()) != null && !NON_EMPTY_CONTENT.matcher(line).find()) {
                // read until the first content chunk has arrived
            }
            assertThat(line).isNotNull();
        }
        // 20 pieces at 200 ms would take 4 s; a cancelled request is recorded as 499 long before that
        long deadline = System.nanoTime() + 3_000_000_000L;
        while (System.nanoTime() < deadline && cancelledRequests() <= before) {
            Thread.sleep(50);
        }
        assertThat(cancelledRequests()).isEqualTo(before + 1);
    }
}
