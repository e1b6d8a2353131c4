package dev.heimdall.governance.audit;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class BodyRedactionTest {

    private static final String AWS_KEY = "AKIA" + "QYLPMN5HHHFPZAM2";
    private static final String BODY = "{\"messages\":[{\"role\":\"user\",\"content\":\"deploy with " + AWS_KEY
            + " and mail bob@example.com\"}]}";

    @Test
    void redactedBodiesKeepTheTextButNotItsSecretsOrPersonalData() {
        RequestAudit record = withBodies(new AuditBodies(BODY, "Sent to bob@example.com", true));

        RequestAudit redacted = (RequestAudit) new BodyRedaction(BodyPolicy.REDACTED).apply(record);

        assertThat(redacted.bodies().request()).doesNotContain(AWS_KEY).doesNotContain("bob@example.com")
                .contains("deploy with [REDACTED:").contains("[REDACTED:email]");
        assertThat(redacted.bodies().response()).isEqualTo("Sent to [REDACTED:email]");
        assertThat(redacted.bodies().truncated()).isTrue();
        assertThat(redacted.withBodies(record.bodies())).isEqualTo(record);
    }

    @Test
    void fullKeepsBodiesAsTheyAreAndNoneDropsThem() {
        RequestAudit record = withBodies(new AuditBodies(BODY, "ok", false));

        assertThat(new BodyRedaction(BodyPolicy.FULL).apply(record)).isSameAs(record);
        assertThat(((RequestAudit) new BodyRedaction(BodyPolicy.NONE).apply(record)).bodies()).isEqualTo(AuditBodies.NONE);
    }

    @Test
    void policiesAreReadAsConfigured() {
        assertThat(List.of("none", "redacted", "full")).extracting(BodyPolicy::parse)
                .containsExactly(BodyPolicy.NONE, BodyPolicy.REDACTED, BodyPolicy.FULL);
    }

    private static RequestAudit withBodies(AuditBodies bodies) {
        return AuditSamples.request("a", 0, "k", null, "m", "p", 200, null).withBodies(bodies);
    }
}
