package dev.heimdall.governance.audit;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AuditJsonTest {

    @Test
    void readingWhatWasWrittenGivesTheSameRecord() {
        RequestAudit request = AuditSamples.request("0190a1b2c3d4e5f60718293a", 1_793_527_200_123L, "k1", "ml",
                "gpt-4o", "openai", 200, "cheap");
        RequestAudit unpriced = new RequestAudit("x", 5, "n", "r", "gemini", null, null, null, null, null, null,
                List.of(), null, null, 401, 0, 0, 0, -1, 3, -1, List.of(), AuditBodies.NONE);
        AdminAudit admin = AuditSamples.admin("y", 6);

        for (AuditRecord record : List.of(request, unpriced, admin)) {
            assertThat(AuditJson.read(AuditJson.line(record))).isEqualTo(record);
        }
    }

    @Test
    void writesTheFieldsAnOperatorReads() {
        JsonNode json = AuditJson.write(AuditSamples.request("a", 1_793_527_200_123L, "k1", "ml", "gpt-4o", "openai",
                200, null));

        assertThat(json.get("time").asText()).isEqualTo("2026-11-01T10:00:00.123Z");
        assertThat(json.get("kind").asText()).isEqualTo("request");
        assertThat(json.get("cost-usd").decimalValue()).isEqualByComparingTo("0.001234");
        assertThat(json.at("/attempts/0/error").asText()).isEqualTo("ConnectFailure");
        assertThat(json.at("/attempts/1/error").isNull()).isTrue();
        assertThat(json.at("/guardrail-findings/0").toString())
                .isEqualTo("{\"rule\":\"email\",\"category\":\"pii\",\"action\":\"flag\"}");
        assertThat(json.get("first-token-ms").asLong()).isEqualTo(20);
    }

    @Test
    void anAdminRecordCarriesItsDocumentsAsJson() {
        JsonNode json = AuditJson.write(AuditSamples.admin("a", 0));

        assertThat(json.at("/after/name").asText()).isEqualTo("CI 2");
        assertThat(json.at("/before/name").asText()).isEqualTo("CI");
    }

    @Test
    void refusesWhatIsNotARecord() {
        assertThatThrownBy(() -> AuditJson.read("{\"id\": \"a\", \"time\": \"2026-11-01T10:00:00Z\", \"kind\": \"x\"}"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> AuditJson.read("{\"id\": \"a\", \"time\": \"2026-1")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> AuditJson.read("[]")).isInstanceOf(IllegalArgumentException.class);
    }
}
