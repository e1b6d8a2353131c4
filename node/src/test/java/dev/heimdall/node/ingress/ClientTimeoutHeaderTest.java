package dev.heimdall.node.ingress;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code x-heimdall-timeout-ms}: a positive whole number of milliseconds, or ignored. */
class ClientTimeoutHeaderTest {

    @Test
    void readsPositiveMilliseconds() {
        assertThat(IngressRequests.clientTimeoutMillis("300")).isEqualTo(300);
        assertThat(IngressRequests.clientTimeoutMillis("600000")).isEqualTo(600_000);
    }

    @Test
    void ignoresAnythingElse() {
        assertThat(IngressRequests.clientTimeoutMillis(null)).isEqualTo(-1);
        assertThat(IngressRequests.clientTimeoutMillis("")).isEqualTo(-1);
        assertThat(IngressRequests.clientTimeoutMillis("0")).isEqualTo(-1);
        assertThat(IngressRequests.clientTimeoutMillis("-5")).isEqualTo(-1);
        assertThat(IngressRequests.clientTimeoutMillis("1.5")).isEqualTo(-1);
        assertThat(IngressRequests.clientTimeoutMillis("2s")).isEqualTo(-1);
        assertThat(IngressRequests.clientTimeoutMillis("99999999999999999999")).isEqualTo(-1);
    }
}
