package dev.heimdall.governance.audit;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AuditQueryTest {

    @Test
    void aStatusIsOneCodeOrAClass() {
        assertThat(AuditQuery.StatusRange.parse("429")).isEqualTo(new AuditQuery.StatusRange(429, 429));
        assertThat(AuditQuery.StatusRange.parse("4xx")).isEqualTo(new AuditQuery.StatusRange(400, 499));
        for (String bad : new String[] {"6xx", "42", "abc", "4XX", "1000", "099"}) {
            assertThatThrownBy(() -> AuditQuery.StatusRange.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void aCursorSurvivesItsTripThroughAUrl() {
        AuditCursor cursor = new AuditCursor(1_793_527_200_123L, "0190a1b2c3d4:e5");

        assertThat(AuditCursor.decode(cursor.encode())).isEqualTo(cursor);
        assertThatThrownBy(() -> AuditCursor.decode("bm9wZQ")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void idsStartWithTheirTimeSoTheySortByIt() {
        String earlier = AuditIds.next(1_000);
        String later = AuditIds.next(1_001);

        assertThat(earlier).hasSize(28).isLessThan(later);
        assertThat(AuditIds.next(1_000)).isNotEqualTo(earlier);
    }
}
