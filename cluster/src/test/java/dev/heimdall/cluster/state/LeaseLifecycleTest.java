package dev.heimdall.cluster.state;

import com.hazelcast.map.IMap;
import dev.heimdall.cluster.lease.LeaseLine;
import dev.heimdall.cluster.lease.LeaseSettings;
import dev.heimdall.cluster.lease.ManualClock;
import dev.heimdall.cluster.lease.Poll;
import dev.heimdall.cluster.lease.TestCluster;
import dev.heimdall.cluster.ledger.LeasedBudgetLedger;
import dev.heimdall.governance.budget.LedgerBalance;
import dev.heimdall.governance.budget.LedgerKey;
import dev.heimdall.governance.limits.LimitKind;
import dev.heimdall.governance.limits.LimitWindow;
import dev.heimdall.governance.limits.QuotaCounter;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Two nodes on a cluster of two: leases returned on close, lapsed leases, spend loaded from and written to storage. */
class LeaseLifecycleTest {

    private static final long ONE_DOLLAR = 1_000_000;
    private static final long PERIOD = 1_764_547_200_000L;

    private static TestCluster cluster;
    private final List<ClusterGovernanceState> states = new ArrayList<>();

    @BeforeAll
    static void startCluster() {
        cluster = TestCluster.of(2);
    }

    @AfterAll
    static void stopCluster() {
        cluster.close();
    }

    @AfterEach
    void closeStates() {
        states.forEach(ClusterGovernanceState::close);
    }

    @Test
    void closingANodeGivesItsUnusedPermitsBackAtOnce() {
        QuotaCounter counter = new QuotaCounter("key:" + UUID.randomUUID(), LimitKind.REQUESTS, LimitWindow.DAY,
                LimitWindow.DAY.startOf(System.currentTimeMillis()));
        ClusterGovernanceState leaving = state(0, Map.of(), Clock.systemUTC());
        ClusterGovernanceState staying = state(1, Map.of(), Clock.systemUTC());
        awaitBothCountTwo(leaving, staying);
        assertThat(leaving.quotas().tryAcquire(counter, 80, 100).granted()).isFalse();
        Poll.until(Duration.ofSeconds(10), "the refused request leased its permits",
                () -> leaving.quotas().tryAcquire(counter, 80, 100).granted());
        leaving.quotas().release(counter, 70);
        assertThat(staying.quotas().tryAcquire(counter, 90, 100).granted()).isFalse();

        leaving.close();

        Poll.until(Duration.ofSeconds(10), "the other node takes all but the 10 used",
                () -> staying.quotas().tryAcquire(counter, 90, 100).granted());
        assertThat(staying.quotas().tryAcquire(counter, 1, 100).granted()).isFalse();
    }

    /**
     * A node that stops renewing (hung: its clock stands still, so it never sees its lease age) loses its lease and
     * its reservations when the lease expires on the owner's side, by the clock of whoever asks next.
     */
    @Test
    void theReservationsOfANodeThatStopsRenewingExpireWithItsLease() {
        LedgerKey line = new LedgerKey("key:" + UUID.randomUUID(), "monthly", PERIOD);
        long start = System.currentTimeMillis();
        ClusterGovernanceState hung = state(0, Map.of(), new ManualClock(start));
        ManualClock clock = new ManualClock(start);
        ClusterGovernanceState alive = state(1, Map.of(), clock);
        awaitBothCountTwo(hung, alive);
        assertThat(hung.ledger().tryReserve(line, 2 * ONE_DOLLAR, 5 * ONE_DOLLAR)).isTrue();
        Poll.until(Duration.ofSeconds(10), "the other node sees the reservation",
                () -> alive.ledger().balance(line).reservedMicros() == 2 * ONE_DOLLAR);
        assertThat(alive.ledger().tryReserve(line, 5 * ONE_DOLLAR, 5 * ONE_DOLLAR)).isFalse();

        clock.advance(LeaseSettings.DEFAULTS.terms().lifetimeMillis());

        Poll.until(Duration.ofSeconds(10), "the whole budget is free again",
                () -> alive.ledger().tryReserve(line, 5 * ONE_DOLLAR, 5 * ONE_DOLLAR));
        assertThat(alive.ledger().balance(line)).isEqualTo(new LedgerBalance(0, 5 * ONE_DOLLAR));
    }

    @Test
    void storedSpendCountsAgainstTheLimitFromTheFirstRequestAndIsLoadedOnlyOnce() {
        LedgerKey line = new LedgerKey("key:" + UUID.randomUUID(), "monthly", PERIOD);
        Map<LedgerKey, Long> stored = Map.of(line, 900_000L);
        ClusterGovernanceState first = state(0, stored, Clock.systemUTC());

        assertThat(first.ledger().balance(line)).isEqualTo(new LedgerBalance(900_000, 0));
        assertThat(first.ledger().tryReserve(line, 100_001, ONE_DOLLAR)).isFalse();
        assertThat(first.ledger().tryReserve(line, 50_000, ONE_DOLLAR)).isTrue();
        first.ledger().settle(line, 50_000, 50_000);

        ClusterGovernanceState restarted = state(1, stored, Clock.systemUTC());

        assertThat(restarted.ledger().balance(line).spentMicros()).as("the cluster's copy is newer than the stored one")
                .isGreaterThanOrEqualTo(900_000);
        Poll.until(Duration.ofSeconds(10), "the settlement reaches the other node",
                () -> restarted.ledger().balance(line).spentMicros() == 950_000);
        assertThat(restarted.ledger().tryReserve(line, 50_001, ONE_DOLLAR)).isFalse();
        assertThat(first.ledger().spentSnapshot()).containsEntry(line, 950_000L);
    }

    @Test
    void everyNodesSpentSnapshotHoldsTheClusterWideSpend() {
        LedgerKey line = new LedgerKey("key:" + UUID.randomUUID(), "monthly", PERIOD);
        LedgerKey other = new LedgerKey("team:" + UUID.randomUUID(), "daily", PERIOD);
        ClusterGovernanceState a = state(0, Map.of(), Clock.systemUTC());
        ClusterGovernanceState b = state(1, Map.of(), Clock.systemUTC());
        a.ledger().tryReserve(line, 300, ONE_DOLLAR);
        a.ledger().settle(line, 300, 250);
        b.ledger().tryReserve(line, 300, ONE_DOLLAR);
        b.ledger().settle(line, 300, 100);
        b.ledger().tryReserve(other, 300, ONE_DOLLAR);

        assertThat(a.ledger().spentSnapshot()).as("its own spend at once, settled or not")
                .hasEntrySatisfying(line, spent -> assertThat(spent).isGreaterThanOrEqualTo(250L))
                .doesNotContainKey(other);
        Poll.until(Duration.ofSeconds(10), "both see both settlements",
                () -> Long.valueOf(350).equals(a.ledger().spentSnapshot().get(line))
                        && Long.valueOf(350).equals(b.ledger().spentSnapshot().get(line)));
        Poll.until(Duration.ofSeconds(10), "the line only reserved on is in the map too", () -> cluster.member(0)
                .getMap(LeasedBudgetLedger.MAP).containsKey(other.periodStartMillis() + "/" + other.owner().length()
                        + ":" + other.owner() + other.budget()));
    }

    @Test
    void aBudgetLineForgottenAfterLongIdlenessAndUsedAgainKeepsWhatWasSpentBefore() {
        LedgerKey line = new LedgerKey("key:" + UUID.randomUUID(), "monthly", PERIOD);
        ManualClock clock = new ManualClock(System.currentTimeMillis());
        ClusterGovernanceState node = state(0, Map.of(), clock);
        node.ledger().tryReserve(line, 300, ONE_DOLLAR);
        node.ledger().settle(line, 300, 200);
        Poll.until(Duration.ofSeconds(10), "the settlement is reported",
                () -> spentInMap(line) == 200);

        clock.advance(Duration.ofMinutes(11).toMillis());
        Poll.until(Duration.ofSeconds(10), "the idle line is forgotten", () -> node.ledger().leases().isEmpty());
        node.ledger().tryReserve(line, 300, ONE_DOLLAR);
        node.ledger().settle(line, 300, 50);

        assertThat(node.ledger().spentSnapshot()).containsEntry(line, 250L);
        Poll.until(Duration.ofSeconds(10), "both settlements are in the cluster's copy", () -> spentInMap(line) == 250);
        assertThat(node.ledger().balance(line).spentMicros()).isEqualTo(250);
    }

    private static long spentInMap(LedgerKey line) {
        IMap<String, LeaseLine> map = cluster.member(1).getMap(LeasedBudgetLedger.MAP);
        LeaseLine value = map.get(line.periodStartMillis() + "/" + line.owner().length() + ":" + line.owner()
                + line.budget());
        return value == null ? 0 : value.othersOf("", Long.MIN_VALUE).spent();
    }

    private ClusterGovernanceState state(int member, Map<LedgerKey, Long> stored, Clock clock) {
        ClusterGovernanceState state = ClusterGovernanceState.of(cluster.member(member), stored, clock,
                LeaseSettings.DEFAULTS);
        states.add(state);
        return state;
    }

    private static void awaitBothCountTwo(ClusterGovernanceState a, ClusterGovernanceState b) {
        Poll.until(Duration.ofSeconds(10), "both count two admitting members",
                () -> a.admittingMembers() == 2 && b.admittingMembers() == 2);
    }
}
