package dev.heimdall.node.config;

import dev.heimdall.governance.audit.BodyPolicy;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AuditConfigTest {

    private final ConfigLoader loader = new ConfigLoader(Set.of("openai"), Map.of("SPILL", "/var/spill"));

    @Test
    void withoutASectionTheLogKeepsRecordsWithoutBodiesForNinetyDays() {
        AuditConfig audit = loader.parse("server: { port: 8080 }", "heimdall.yaml").audit();

        assertThat(audit).isEqualTo(AuditConfig.defaults());
        assertThat(audit.enabled()).isTrue();
        assertThat(audit.bodies()).isEqualTo(BodyPolicy.NONE);
        assertThat(audit.retentionDays()).isEqualTo(90);
    }

    @Test
    void readsEverySetting() {
        AuditConfig audit = loader.parse("""
                audit:
                  bodies: full
                  max-body-size: 4KiB
                  retention-days: 30
                  queue-size: 5000
                  queue-memory: 8MiB
                  spill-directory: ${SPILL}
                  node-id: gw-1
                """, "heimdall.yaml").audit();

        assertThat(audit).isEqualTo(new AuditConfig(true, BodyPolicy.FULL, 4096, 30, 5000, 8L << 20, "/var/spill", "gw-1"));
    }

    @Test
    void bodiesTrueKeepsRedactedBodiesAndFalseNone() {
        assertThat(loader.parse("audit: { bodies: true }", "h.yaml").audit().bodies()).isEqualTo(BodyPolicy.REDACTED);
        assertThat(loader.parse("audit: { bodies: false }", "h.yaml").audit().bodies()).isEqualTo(BodyPolicy.NONE);
        assertThat(loader.parse("audit: { bodies: redacted, enabled: false }", "h.yaml").audit().enabled()).isFalse();
    }

    @Test
    void refusesWhatItCannotRead() {
        assertThatThrownBy(() -> loader.parse("audit: { bodies: some }", "h.yaml"))
                .hasMessage("h.yaml: audit.bodies: expected none, redacted or full, got \"some\"");
        assertThatThrownBy(() -> loader.parse("audit: { retention-days: -1 }", "h.yaml"))
                .hasMessageStartingWith("h.yaml: audit.retention-days: expected an integer between 0 and 36500");
        assertThatThrownBy(() -> loader.parse("audit: { body: full }", "h.yaml"))
                .hasMessageStartingWith("h.yaml: audit.body: unknown key");
    }
}
