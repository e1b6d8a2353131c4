package dev.heimdall.node;

import dev.heimdall.loadtest.mock.FaultRule;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

import static dev.heimdall.node.Scenario.header;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Circuit breakers, adaptive weights and failures in flight, through real HTTP against the mock's fault injection.
 * Every provider below is the mock's OpenAI API under a key of its own, so a fault matched by key hits one target.
 */
class CircuitAndHealthScenariosTest {

    private static final String CONFIG = """
            server: { host: 127.0.0.1, port: 0, event-loops: 1, request-timeout: 10s }
            health:
              circuit-breaker: { consecutive-failures: 3, open-for: 2s, probe-interval: 200ms, probes-to-close: 2 }
            providers:
              primary: { OPENAI_MOCK, keys: [ { name: p, value: sk-primary } ], retry: { max-retries: 0 } }
              backup: { OPENAI_MOCK, keys: [ { name: b, value: sk-backup } ] }
              steady: { OPENAI_MOCK, keys: [ { name: s, value: sk-steady } ] }
              creeping: { OPENAI_MOCK, keys: [ { name: c, value: sk-creeping } ] }
              sluggish: { OPENAI_MOCK, keys: [ { name: only, value: sk-sluggish } ], timeouts: { first-byte: 300ms }, retry: { max-retries: 0 } }
              pool: { OPENAI_MOCK, keys: [ { name: one, value: sk-pool-one }, { name: two, value: sk-pool-two } ], retry: { max-retries: 1, initial-backoff: 1ms, max-backoff: 5ms } }
              retrying: { OPENAI_MOCK, keys: [ { name: only, value: sk-retrying } ], retry: { max-retries: 2, initial-backoff: 1ms, max-backoff: 5ms } }
              anthropic: { type: anthropic, base-url: "http://127.0.0.1:MOCK/anthropic", keys: [ { name: main, value: sk-ant-health } ] }
            models:
              storm:
                targets: [ { provider: primary, model: gpt-4o-mini } ]
                fallbacks: [ { provider: backup, model: gpt-4o-mini } ]
              split:
                targets: [ { provider: steady, model: gpt-4o-mini, weight: 50 }, { provider: creeping, model: gpt-4o-mini, weight: 50 } ]
              patient:
                targets: [ { provider: sluggish, model: gpt-4o-mini } ]
                fallbacks: [ { provider: backup, model: gpt-4o-mini } ]
              onward:
                targets: [ { provider: retrying, model: gpt-4o-mini } ]
                fallbacks: [ { provider: backup, model: gpt-4o-mini } ]
            """;

    private static final String FALLBACKS = "heimdall_routing_fallbacks_total";

    private static GatewayHarness harness;
    private static Scenario scenario;

    @BeforeAll
    static void start() throws Exception {
        harness = GatewayHarness.start(Scenario.withOpenAiMock(CONFIG), GatewayHarness.mockDefaults());
        scenario = new Scenario(harness);
        // a cold JVM answers its first requests slowly; latency baselines must not learn that
        for (int i = 0; i < 100; i++) {
            scenario.chat("split");
        }
    }

    @AfterAll
    static void stop() throws Exception {
        harness.close();
    }

    @BeforeEach
    void reset() {
        harness.reset();
    }

    @Test
    void serverErrorStormOpensTheCircuitAndProbesBringTrafficBackAfterRecovery() throws Exception {
        harness.mock.faults().add(FaultRule.status(503).apiKey("sk-primary"));
        double serverErrorsBefore = scenario.count(FALLBACKS, "reason=\"5xx\"", "position=\"1\"");
        double skipsBefore = scenario.count(FALLBACKS, "reason=\"circuit_open\"", "position=\"1\"");

        for (int i = 0; i < 20; i++) {
            HttpResponse<String> response = scenario.chat("storm");
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(header(response, "x-heimdall-provider")).isEqualTo("backup");
        }
        assertThat(scenario.sentWithKey("sk-primary")).as("three failures opened the circuit").isEqualTo(3);
        String primary = "provider=\"primary\"";
        assertThat(scenario.metric("heimdall_upstream_circuit_state", primary)).isEqualTo(2.0);
        assertThat(scenario.metric("heimdall_upstream_effective_weight", primary)).isZero();
        assertThat(scenario.count(FALLBACKS, "reason=\"5xx\"", "position=\"1\"") - serverErrorsBefore).isEqualTo(3);
        assertThat(scenario.count(FALLBACKS, "reason=\"circuit_open\"", "position=\"1\"") - skipsBefore).isEqualTo(17);

        harness.mock.faults().clear();
        long recoveredAt = System.nanoTime();
        int inARow = 0;
        while (inARow < 5) {
            assertThat(System.nanoTime() - recoveredAt).as("traffic came back").isLessThan(Duration.ofSeconds(10).toNanos());
            HttpResponse<String> response = scenario.chat("storm");
            assertThat(response.statusCode()).isEqualTo(200);
            inARow = "primary".equals(header(response, "x-heimdall-provider")) ? inARow + 1 : 0;
            if (inARow == 0) {
                Thread.sleep(50);
            }
        }
        assertThat(System.nanoTime() - recoveredAt).as("the circuit stayed open for its interval")
                .isGreaterThan(Duration.ofMillis(1_500).toNanos());
        assertThat(scenario.metric("heimdall_upstream_circuit_state", primary)).isZero();
    }

    @Test
    void latencyCreepingUpOnOneTargetCostsItsShareBeforeAnyError() throws Exception {
        assertThat(creepingShare(60)).as("healthy targets split evenly").isBetween(0.3, 0.7);

        long[] delays = {80, 160, 320};
        double share = 1;
        for (long delay : delays) {
            harness.mock.faults().clear();
            harness.mock.faults().add(FaultRule.delay(delay).apiKey("sk-creeping"));
            share = creepingShare(delay == 320 ? 80 : 30);
        }
        assertThat(share).as("share of the slow target at the end").isLessThan(0.15);
        String creeping = "provider=\"creeping\"";
        assertThat(scenario.metric("heimdall_upstream_health_factor", creeping)).isLessThan(0.2);
        assertThat(scenario.metric("heimdall_upstream_circuit_state", creeping)).as("no circuit opened").isZero();
        // a loaded machine may slow the steady target too, now and then, but never like that
        assertThat(scenario.metric("heimdall_upstream_health_factor", "provider=\"steady\"")).isGreaterThan(0.5);
    }

    /** Sends {@code n} requests to the split alias, every one answered; the share the creeping target served. */
    private static double creepingShare(int n) throws Exception {
        int creeping = 0;
        for (int i = 0; i < n; i++) {
            HttpResponse<String> response = scenario.chat("split");
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(header(response, "x-heimdall-attempts")).isEqualTo("1");
            creeping += "creeping".equals(header(response, "x-heimdall-provider")) ? 1 : 0;
        }
        return creeping / (double) n;
    }

    @Test
    void streamResetBeforeTheFirstByteFallsBackTransparently() throws Exception {
        harness.mock.faults().add(FaultRule.reset().apiKey("sk-primary"));
        double before = scenario.count(FALLBACKS, "reason=\"connect\"");

        HttpResponse<String> response = scenario.chat("storm", true, Map.of());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(header(response, "x-heimdall-provider")).isEqualTo("backup");
        assertThat(response.body()).contains("Mock").doesNotContain("\"error\"").endsWith("data: [DONE]\n\n");
        assertThat(scenario.count(FALLBACKS, "reason=\"connect\"") - before).isEqualTo(1);
    }

    @Test
    void streamCutAfterTheFirstByteEndsWithAnErrorEventOnEveryIngress() throws Exception {
        harness.mock.faults().add(FaultRule.cutAfter(2).apiKey("sk-primary"));

        HttpResponse<String> openai = scenario.chat("storm", true, Map.of());
        assertThat(openai.statusCode()).isEqualTo(200);
        assertThat(openai.body()).contains("data: {").contains("\"error\"").doesNotContain("[DONE]");

        HttpResponse<String> anthropic = scenario.post("/v1/messages", "{\"model\":\"storm\",\"max_tokens\":50,"
                + "\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"one two three four five\"}]}", Map.of());
        assertThat(anthropic.statusCode()).isEqualTo(200);
        assertThat(anthropic.body()).contains("event: message_start").contains("event: error")
                .doesNotContain("message_stop");

        assertThat(scenario.sentWithKey("sk-backup")).as("nothing falls back once the client has bytes").isZero();
        assertThat(harness.node.gateway().health().snapshot("primary", "p", "gpt-4o-mini", System.nanoTime())
                .score().failureRate()).as("the broken streams count against the target").isPositive();
    }

    @Test
    void aTargetThatDoesNotAnswerInTimeIsLeftForTheFallback() throws Exception {
        harness.mock.faults().add(FaultRule.hang().apiKey("sk-sluggish"));
        double before = scenario.count(FALLBACKS, "reason=\"timeout\"", "position=\"1\"");

        long start = System.nanoTime();
        HttpResponse<String> response = scenario.chat("patient");
        long elapsedMillis = (System.nanoTime() - start) / 1_000_000;

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(header(response, "x-heimdall-provider")).isEqualTo("backup");
        assertThat(header(response, "x-heimdall-attempts")).isEqualTo("2");
        assertThat(elapsedMillis).as("the 300 ms first-byte timeout, then the fallback").isBetween(250L, 2_000L);
        assertThat(scenario.count(FALLBACKS, "reason=\"timeout\"", "position=\"1\"") - before).isEqualTo(1);
    }

    @Test
    void countingTokensIsObservedButLeavesTheLatencyBaselineAlone() throws Exception {
        for (int i = 0; i < 3; i++) {
            HttpResponse<String> counted = scenario.post("/v1/messages/count_tokens", "{\"model\":\"anthropic/claude-sonnet-4-5\","
                    + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}", Map.of());
            assertThat(counted.statusCode()).isEqualTo(200);
        }
        var snapshot = harness.node.gateway().health().snapshot("anthropic", "main", "claude-sonnet-4-5", System.nanoTime());
        assertThat(snapshot.score().calls()).isEqualTo(3);
        assertThat(snapshot.latency().samples()).isZero();

        scenario.post("/v1/messages", "{\"model\":\"anthropic/claude-sonnet-4-5\",\"max_tokens\":5,"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}", Map.of());
        assertThat(harness.node.gateway().health().snapshot("anthropic", "main", "claude-sonnet-4-5", System.nanoTime())
                .latency().samples()).isEqualTo(1);
    }

    @Test
    void aRetryAfterA5xxGoesToTheOtherKey() throws Exception {
        harness.mock.faults().add(FaultRule.status(503).apiKey("sk-pool-one").times(1));

        HttpResponse<String> retried = null;
        for (int i = 0; i < 30 && retried == null; i++) {
            HttpResponse<String> response = scenario.chat("pool/gpt-4o-mini");
            assertThat(response.statusCode()).isEqualTo(200);
            if ("2".equals(header(response, "x-heimdall-attempts"))) {
                retried = response;
            }
        }
        assertThat(retried).as("key one was picked first once in 30 requests").isNotNull();
        assertThat(header(retried, "x-heimdall-key")).isEqualTo("two");
        assertThat(scenario.sentWithKey("sk-pool-one")).isEqualTo(1);
        assertThat(scenario.metric("heimdall_upstream_retries_total", "provider=\"pool\"", "reason=\"5xx\"")).isEqualTo(1.0);
    }

    @Test
    void a5xxOnASingleKeyTargetGoesToTheNextTargetRatherThanRetryingIt() throws Exception {
        harness.mock.faults().add(FaultRule.status(503).apiKey("sk-retrying").times(1));

        HttpResponse<String> response = scenario.chat("onward");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(header(response, "x-heimdall-provider")).isEqualTo("backup");
        assertThat(header(response, "x-heimdall-attempts")).isEqualTo("2");
        assertThat(scenario.sentWithKey("sk-retrying")).isEqualTo(1);
    }
}
