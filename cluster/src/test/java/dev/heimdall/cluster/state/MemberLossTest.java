package dev.heimdall.cluster.state;

import dev.heimdall.cluster.lease.LeaseSettings;
import dev.heimdall.cluster.lease.LeaseTerms;
import dev.heimdall.cluster.lease.Poll;
import dev.heimdall.cluster.lease.TestCluster;
import dev.heimdall.governance.budget.LedgerKey;
import dev.heimdall.governance.limits.LimitKind;
import dev.heimdall.governance.limits.LimitWindow;
import dev.heimdall.governance.limits.QuotaCounter;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A member killed while it holds leases: the oldest admitting member ends its leases as soon as the cluster notices
 * it left.
 */
class MemberLossTest {

    /** Leases live a minute and are not returned for being idle: only the reclamation can give them back. */
    private static final LeaseSettings LONG_LEASES = new LeaseSettings(new LeaseTerms(60_000, 0.25), 150, 1_000, 100,
            100, 20, 60_000);

    @Test
    void theUnusedPermitsOfAKilledMemberComeBackToTheOthers() {
        QuotaCounter counter = new QuotaCounter("key:lost", LimitKind.REQUESTS, LimitWindow.DAY,
                LimitWindow.DAY.startOf(System.currentTimeMillis()));
        try (TestCluster cluster = TestCluster.of(3)) {
            ClusterGovernanceState survivor = state(cluster, 0);
            ClusterGovernanceState doomed = state(cluster, 2);
            Poll.until(Duration.ofSeconds(10), "both count two admitting members",
                    () -> survivor.admittingMembers() == 2 && doomed.admittingMembers() == 2);

            assertThat(survivor.quotas().tryAcquire(counter, 1, 100).granted()).isTrue();
            assertThat(doomed.quotas().tryAcquire(counter, 10, 100).granted()).isTrue();
            Poll.until(Duration.ofSeconds(10), "the survivor sees what the other holds beyond its 10 permits",
                    () -> survivor.quotas().check(counter, 100).remaining() < 100 - 1 - 10);
            assertThat(survivor.quotas().tryAcquire(counter, 80, 100).granted()).isFalse();

            cluster.kill(2);

            Poll.until(Duration.ofSeconds(20), "the survivor can take all but the 10 used by the killed member",
                    () -> survivor.quotas().tryAcquire(counter, 89, 100).granted());
            survivor.close();
        }
    }

    @Test
    void aMemberKilledMidRequestLeavesNoReservationBehind() {
        LedgerKey line = new LedgerKey("key:lost", "monthly", 1_764_547_200_000L);
        try (TestCluster cluster = TestCluster.of(2)) {
            ClusterGovernanceState survivor = state(cluster, 0);
            ClusterGovernanceState doomed = state(cluster, 1);
            Poll.until(Duration.ofSeconds(10), "both count two admitting members",
                    () -> survivor.admittingMembers() == 2 && doomed.admittingMembers() == 2);

            assertThat(doomed.ledger().tryReserve(line, 2_000_000, 5_000_000)).isTrue();
            Poll.until(Duration.ofSeconds(10), "the survivor sees the reservation in flight",
                    () -> survivor.ledger().balance(line).reservedMicros() == 2_000_000);
            assertThat(survivor.ledger().tryReserve(line, 5_000_000, 5_000_000)).isFalse();

            cluster.kill(1);

            Poll.until(Duration.ofSeconds(20), "the whole budget is free again",
                    () -> survivor.ledger().tryReserve(line, 5_000_000, 5_000_000));
            assertThat(survivor.ledger().balance(line).reservedMicros()).isEqualTo(5_000_000);
            survivor.close();
        }
    }

    private static ClusterGovernanceState state(TestCluster cluster, int member) {
        return ClusterGovernanceState.of(cluster.member(member), Map.of(), Clock.systemUTC(), LONG_LEASES);
    }

}
