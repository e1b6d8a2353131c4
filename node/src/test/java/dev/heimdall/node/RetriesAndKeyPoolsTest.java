package dev.heimdall.node;

import dev.heimdall.loadtest.mock.FaultRule;
import dev.heimdall.loadtest.mock.RecordedRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Retries, key cooldowns and dead keys, driven through real HTTP against the mock. Each provider below has keys of
 * its own, so fault rules matched by API key never touch another test's provider.
 */
class RetriesAndKeyPoolsTest {

    private static final String CONFIG = """
            server: { host: 127.0.0.1, port: 0, event-loops: 1, request-timeout: 10s }
            providers:
              pool:
                type: openai
                base-url: "http://127.0.0.1:MOCK/openai"
                # key-a is the one nearly always picked, so the tests reach it quickly
                keys:
                  - { name: key-a, value: sk-pool-a, weight: 20 }
                  - { name: key-b, value: sk-pool-b, weight: 1 }
                models: [ gpt-4o-mini ]
                retry: { max-retries: 0 }
              revoking:
                type: openai
                base-url: "http://127.0.0.1:MOCK/openai"
                keys:
                  - { name: revoked, value: sk-revoking-bad, weight: 20 }
                  - { name: good, value: sk-revoking-good, weight: 1 }
                models: [ gpt-4o-mini ]
                retry: { max-retries: 0 }
              flaky:
                type: openai
                base-url: "http://127.0.0.1:MOCK/openai"
                keys: [ { name: only, value: sk-flaky } ]
                models: [ gpt-4o-mini ]
                retry: { max-retries: 1, initial-backoff: 20ms, max-backoff: 100ms }
              strict:
                type: openai
                base-url: "http://127.0.0.1:MOCK/openai"
                keys: [ { name: only, value: sk-strict } ]
                models: [ gpt-4o-mini ]
                retry: { max-retries: 0 }
              lonely:
                type: openai
                base-url: "http://127.0.0.1:MOCK/openai"
                keys: [ { name: only, value: sk-lonely } ]
                models: [ gpt-4o-mini ]
                retry: { max-retries: 0 }
              patient:
                type: openai
                base-url: "http://127.0.0.1:MOCK/openai"
                keys: [ { name: only, value: sk-patient } ]
                models: [ gpt-4o-mini ]
                retry: { max-retries: 1, initial-backoff: 10ms, max-backoff: 2s }
              slow:
                type: openai
                base-url: "http://127.0.0.1:MOCK/openai"
                keys: [ { name: only, value: sk-slow } ]
                models: [ gpt-4o-mini ]
                timeouts: { first-byte: 5s }
            """;

    private static GatewayHarness harness;

    @BeforeAll
    static void start() throws Exception {
        harness = GatewayHarness.start(CONFIG, GatewayHarness.mockDefaults());
    }

    @AfterAll
    static void stop() throws Exception {
        harness.close();
    }

    @BeforeEach
    void reset() {
        harness.reset();
    }

    private static HttpResponse<String> chat(String model, String timeoutMillis) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(harness.baseUrl() + "/v1/chat/completions"))
                .timeout(Duration.ofSeconds(20))
                .header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"" + model
                        + "\",\"messages\":[{\"role\":\"user\",\"content\":\"hello\"}]}"));
        if (timeoutMillis != null) {
            request.header("x-heimdall-timeout-ms", timeoutMillis);
        }
        return harness.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> chat(String model) throws Exception {
        return chat(model, null);
    }

    private static String header(HttpResponse<?> response, String name) {
        return response.headers().firstValue(name).orElse(null);
    }

    private static List<String> apiKeysSent() {
        return harness.mock.requests().stream().map(RecordedRequest::apiKey).toList();
    }

    /** Sends requests until one needed two attempts (the heavy first key failed once), at most {@code max}. */
    private static HttpResponse<String> untilSecondAttempt(String model, int max) throws Exception {
        for (int i = 0; i < max; i++) {
            HttpResponse<String> response = chat(model);
            assertThat(response.statusCode()).isEqualTo(200);
            if ("2".equals(header(response, "x-heimdall-attempts"))) {
                return response;
            }
        }
        throw new AssertionError("the heavy key was never picked in " + max + " requests");
    }

    @Test
    void rateLimitedKeyCoolsDownWhileTheOtherServes() throws Exception {
        harness.mock.faults().add(FaultRule.status(429, 1).apiKey("sk-pool-a").times(1));

        HttpResponse<String> switched = untilSecondAttempt("pool/gpt-4o-mini", 20);
        long limitedAt = System.nanoTime();
        assertThat(header(switched, "x-heimdall-key")).isEqualTo("key-b");
        assertThat(apiKeysSent()).endsWith("sk-pool-a", "sk-pool-b");

        harness.mock.clearRequests();
        for (int i = 0; i < 5; i++) {
            HttpResponse<String> response = chat("pool/gpt-4o-mini");
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(header(response, "x-heimdall-key")).isEqualTo("key-b");
        }
        assertThat(System.nanoTime() - limitedAt).as("the checks above ran within the cooldown")
                .isLessThan(Duration.ofMillis(900).toNanos());
        assertThat(apiKeysSent()).containsOnly("sk-pool-b");

        Thread.sleep(Math.max(0, Duration.ofMillis(1_100).toNanos() - (System.nanoTime() - limitedAt)) / 1_000_000);
        boolean usedAgain = false;
        for (int i = 0; i < 10 && !usedAgain; i++) {
            HttpResponse<String> response = chat("pool/gpt-4o-mini");
            assertThat(response.statusCode()).isEqualTo(200);
            usedAgain = "key-a".equals(header(response, "x-heimdall-key"));
        }
        assertThat(usedAgain).as("key-a serves again once its cooldown ended").isTrue();
    }

    @Test
    void rejectedKeyIsNeverUsedAgain() throws Exception {
        harness.mock.faults().add(FaultRule.status(401).apiKey("sk-revoking-bad"));

        HttpResponse<String> switched = untilSecondAttempt("revoking/gpt-4o-mini", 20);
        assertThat(header(switched, "x-heimdall-key")).isEqualTo("good");

        harness.mock.clearRequests();
        for (int i = 0; i < 8; i++) {
            HttpResponse<String> response = chat("revoking/gpt-4o-mini");
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(header(response, "x-heimdall-attempts")).isEqualTo("1");
        }
        assertThat(apiKeysSent()).containsOnly("sk-revoking-good");

        String metrics = harness.get("/metrics").body();
        assertThat(metrics.lines().filter(l -> l.startsWith("heimdall_upstream_key_dead{"))
                .filter(l -> l.contains("provider=\"revoking\"") && l.contains("key=\"revoked\"")))
                .singleElement().satisfies(l -> assertThat(l).endsWith(" 1.0"));
        assertThat(metrics).doesNotContain("sk-revoking-bad");
    }

    @Test
    void serverErrorIsRetriedOnTheSameTarget() throws Exception {
        harness.mock.faults().add(FaultRule.status(503).apiKey("sk-flaky").times(1));

        HttpResponse<String> response = chat("flaky/gpt-4o-mini");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(header(response, "x-heimdall-attempts")).isEqualTo("2");
        assertThat(apiKeysSent()).containsExactly("sk-flaky", "sk-flaky");
        assertThat(harness.get("/metrics").body().lines()
                .filter(l -> l.startsWith("heimdall_upstream_retries_total{"))
                .filter(l -> l.contains("provider=\"flaky\"") && l.contains("reason=\"5xx\"")))
                .singleElement().satisfies(l -> assertThat(l).endsWith(" 1.0"));
    }

    @Test
    void withoutRetriesTheServerErrorReachesTheClient() throws Exception {
        harness.mock.faults().add(FaultRule.status(503).apiKey("sk-strict").times(1));

        HttpResponse<String> response = chat("strict/gpt-4o-mini");

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(header(response, "x-heimdall-attempts")).isEqualTo("1");
        assertThat(apiKeysSent()).containsExactly("sk-strict");
    }

    @Test
    void clientDeadlineEndsTheRequestWith504() throws Exception {
        harness.mock.faults().add(FaultRule.delay(2_000).apiKey("sk-slow"));

        long start = System.nanoTime();
        HttpResponse<String> response = chat("slow/gpt-4o-mini", "300");
        long elapsedMillis = (System.nanoTime() - start) / 1_000_000;

        assertThat(response.statusCode()).isEqualTo(504);
        assertThat(elapsedMillis).isBetween(250L, 1_500L);
        assertThat(response.body()).contains("deadline");
    }

    @Test
    void whileEveryKeyCoolsDownTheProviderIsNotAsked() throws Exception {
        harness.mock.faults().add(FaultRule.status(429, 2).apiKey("sk-lonely").times(1));
        assertThat(chat("lonely/gpt-4o-mini").statusCode()).isEqualTo(429);
        harness.mock.clearRequests();

        HttpResponse<String> resting = chat("lonely/gpt-4o-mini");

        assertThat(resting.statusCode()).isEqualTo(429);
        assertThat(Integer.parseInt(header(resting, "retry-after"))).isBetween(1, 2);
        assertThat(apiKeysSent()).isEmpty();
    }

    @Test
    void aRateLimitWithoutRetryAfterIsRetriedAfterTheDefaultCooldown() throws Exception {
        harness.mock.faults().add(FaultRule.status(429).apiKey("sk-patient").times(1));

        long start = System.nanoTime();
        HttpResponse<String> response = chat("patient/gpt-4o-mini");
        long elapsedMillis = (System.nanoTime() - start) / 1_000_000;

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(header(response, "x-heimdall-attempts")).isEqualTo("2");
        assertThat(apiKeysSent()).containsExactly("sk-patient", "sk-patient");
        assertThat(elapsedMillis).as("waited out the 1 s default cooldown").isBetween(1_000L, 5_000L);
    }
}
