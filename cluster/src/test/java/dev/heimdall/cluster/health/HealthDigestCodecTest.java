package dev.heimdall.cluster.health;

import dev.heimdall.governance.health.HealthDigest;
import dev.heimdall.governance.health.Observation;
import dev.heimdall.governance.health.TargetId;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HealthDigestCodecTest {

    private static final TargetId K = new TargetId("openai", "main", "gpt-4o");
    private static final TargetId L = new TargetId("anthropic", "spare", "claude-sonnet-4-5");

    private static final HealthDigest DIGEST = new HealthDigest(
            List.of(Observation.success(K, 120_000_000, -1), Observation.success(L, -1, 80_000_000),
                    Observation.failure(K), Observation.rateLimited(L)),
            List.of(new HealthDigest.Cooldown(L, 4_200)),
            List.of(new HealthDigest.DeadKey("openai", "revoked")));

    @Test
    void aDigestComesBackAsItWent() {
        assertThat(HealthDigestCodec.decode(HealthDigestCodec.encode(DIGEST))).isEqualTo(DIGEST);
        assertThat(HealthDigestCodec.decode(HealthDigestCodec.encode(HealthDigest.EMPTY))).isEqualTo(HealthDigest.EMPTY);
    }

    @Test
    void namesRepeatedByManyObservationsAreWrittenOnce() {
        HealthDigest many = new HealthDigest(java.util.Collections.nCopies(1_000, Observation.failure(K)), List.of(),
                List.of());

        assertThat(HealthDigestCodec.encode(many).length).isLessThan(1_000 * 32);
    }

    @Test
    void bytesOfAnotherVersionOrCutShortAreRefused() {
        byte[] bytes = HealthDigestCodec.encode(DIGEST);
        byte[] newer = bytes.clone();
        newer[0] = 2;

        assertThatThrownBy(() -> HealthDigestCodec.decode(newer)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("version 2");
        assertThatThrownBy(() -> HealthDigestCodec.decode(Arrays.copyOf(bytes, bytes.length - 3)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> HealthDigestCodec.decode(new byte[] {1, 0x7f, 0, 0, 0}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("implausible");
    }
}
