package dev.heimdall.cluster.quota;

import dev.heimdall.cluster.lease.LeaseSettings;
import dev.heimdall.cluster.lease.Poll;
import dev.heimdall.cluster.lease.TestCluster;
import dev.heimdall.cluster.state.ClusterGovernanceState;
import dev.heimdall.governance.limits.LimitKind;
import dev.heimdall.governance.limits.LimitWindow;
import dev.heimdall.governance.limits.QuotaCounter;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Token limits across two nodes: each charges its responses' tokens after the fact, and each admits while the
 * cluster's count (the other's charges as last heard, plus its own) is below the limit.
 */
class TokenLimitTest {

    @Test
    void chargesOnEitherNodeCountAgainstTheLimitOnBoth() {
        QuotaCounter counter = new QuotaCounter("key:tokens", LimitKind.TOKENS, LimitWindow.MINUTE,
                LimitWindow.MINUTE.startOf(System.currentTimeMillis()));
        try (TestCluster cluster = TestCluster.of(2)) {
            ClusterGovernanceState a = ClusterGovernanceState.of(cluster.member(0), Map.of(), Clock.systemUTC(),
                    LeaseSettings.DEFAULTS);
            ClusterGovernanceState b = ClusterGovernanceState.of(cluster.member(1), Map.of(), Clock.systemUTC(),
                    LeaseSettings.DEFAULTS);
            Poll.until(Duration.ofSeconds(10), "both count two admitting members",
                    () -> a.admittingMembers() == 2 && b.admittingMembers() == 2);

            a.quotas().charge(counter, 60_000);
            b.quotas().charge(counter, 30_000);
            Poll.until(Duration.ofSeconds(10), "each sees the other's charges",
                    () -> a.quotas().check(counter, 100_000).remaining() == 10_000
                            && b.quotas().check(counter, 100_000).remaining() == 10_000);
            assertThat(a.quotas().check(counter, 100_000).granted()).as("more than its half, as the window has room")
                    .isTrue();

            b.quotas().charge(counter, 10_000);

            assertThat(b.quotas().check(counter, 100_000).granted()).isFalse();
            Poll.until(Duration.ofSeconds(10), "the other node refuses too",
                    () -> !a.quotas().check(counter, 100_000).granted());
            a.close();
            b.close();
        }
    }
}
