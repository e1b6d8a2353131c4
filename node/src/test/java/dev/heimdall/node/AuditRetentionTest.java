package dev.heimdall.node;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** Records older than audit.retention-days are deleted by the retention job; newer ones stay. */
class AuditRetentionTest {

    private static final Instant T0 = Instant.parse("2026-11-01T00:00:00Z");
    private static final String REQUEST = "{\"model\":\"openai/gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";

    private GatewayHarness harness;

    @AfterEach
    void stop() throws Exception {
        harness.close();
    }

    @Test
    void theRetentionJobDeletesWhatIsOlderThanThePeriodOnly() throws Exception {
        GovernanceTest.MutableClock clock = new GovernanceTest.MutableClock(T0);
        harness = GatewayHarness.start("audit: { retention-days: 30 }\n" + GatewayHarness.DEFAULT_CONFIG
                + AdminClient.ADMIN_SECTION, GatewayHarness.mockDefaults(), clock);
        AdminClient admin = new AdminClient(harness.node.adminPort());
        for (int i = 0; i < 3; i++) {
            assertThat(harness.post("/v1/chat/completions", "application/json", REQUEST).statusCode()).isEqualTo(200);
        }
        // a request is recorded as it ends, by the clock then: the clock moves only once all three are
        AuditLogs.awaitExactly(admin, harness, AdminClient.VIEWER, "kind=request", 3);
        clock.set(T0.plus(Duration.ofDays(20)));
        for (int i = 0; i < 2; i++) {
            assertThat(harness.post("/v1/chat/completions", "application/json", REQUEST).statusCode()).isEqualTo(200);
        }
        AuditLogs.awaitExactly(admin, harness, AdminClient.VIEWER, "kind=request", 5);

        clock.set(T0.plus(Duration.ofDays(31)));
        long deleted = GatewayHarness.await(harness.node.governance().audit().deleteExpired());

        assertThat(deleted).isEqualTo(3);
        JsonNode left = AuditLogs.awaitExactly(admin, harness, AdminClient.VIEWER, "kind=request", 2);
        left.get("data").forEach(record -> assertThat(Instant.parse(record.get("time").asText()))
                .isAfter(T0.plus(Duration.ofDays(19))));
    }
}
