package dev.heimdall.node;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;

class OperationsEndpointsTest {

    private static GatewayHarness harness;

    @BeforeAll
    static void start() throws Exception {
        harness = GatewayHarness.start();
    }

    @AfterAll
    static void stop() throws Exception {
        harness.close();
    }

    @Test
    void healthEndpointsAnswer() throws Exception {
        assertThat(harness.get("/health/live").statusCode()).isEqualTo(200);
        assertThat(harness.get("/health/ready").statusCode()).isEqualTo(200);
    }

    @Test
    void metricsCountRequestsUpstreamLatencyOverheadAndCost() throws Exception {
        harness.post("/v1/chat/completions", "application/json",
                "{\"model\":\"openai/gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"count me\"}]}");
        harness.post("/v1/chat/completions", "application/json", "{\"model\":\"missing\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}");

        HttpResponse<String> metrics = harness.get("/metrics");
        assertThat(metrics.statusCode()).isEqualTo(200);
        String text = metrics.body();
        assertThat(text).containsPattern("heimdall_requests_total\\{.*provider=\"openai\".*status=\"200\".*\\} [1-9]");
        assertThat(text).containsPattern("heimdall_requests_total\\{.*provider=\"none\".*status=\"404\".*\\} [1-9]");
        assertThat(text).contains("heimdall_upstream_latency_seconds_bucket");
        assertThat(text).containsPattern("heimdall_overhead_seconds_count [1-9]");
        assertThat(text).containsPattern("heimdall_cost_usd_total\\{.*model=\"gpt-4o-mini\".*\\} [0-9.E-]+");
        assertThat(text).containsPattern("heimdall_tokens_total\\{.*kind=\"prompt\".*\\} [1-9]");
    }
}
