package dev.heimdall.cluster.quota;

import com.hazelcast.map.EntryProcessor;
import com.hazelcast.map.IMap;
import dev.heimdall.cluster.lease.Holding;
import dev.heimdall.cluster.lease.LeaseLine;
import dev.heimdall.cluster.lease.LeaseSettings;
import dev.heimdall.cluster.lease.LeaseView;
import dev.heimdall.cluster.lease.Poll;
import dev.heimdall.cluster.lease.TestCluster;
import dev.heimdall.cluster.state.ClusterGovernanceState;
import dev.heimdall.governance.limits.LimitKind;
import dev.heimdall.governance.limits.LimitWindow;
import dev.heimdall.governance.limits.QuotaCounter;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A counter's partition owner that does not answer (its partition thread is held by a slow operation, as a cut link
 * would hold the calls): the node keeps admitting on its local share, limit / admitting members, and not beyond;
 * when the owner answers again, what the node admitted meanwhile is counted against the window.
 */
class UnreachableOwnerTest {

    private static final CountDownLatch STALLED = new CountDownLatch(1);
    private static final LeaseSettings QUICK_TIMEOUT = LeaseSettings.DEFAULTS.withLifetimeMillis(60_000)
            .withCallTimeoutMillis(200);

    /** Holds the partition thread of the entry it runs on. */
    record Stall(long millis) implements EntryProcessor<String, LeaseLine, Void> {
        @Override
        public Void process(Map.Entry<String, LeaseLine> entry) {
            STALLED.countDown();
            try {
                Thread.sleep(millis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return null;
        }
    }

    @Test
    void aNodeCutOffFromTheOwnerAdmitsItsLocalShareAndTheOwnerCountsItWhenItAnswersAgain() throws Exception {
        QuotaCounter counter = new QuotaCounter("key:cut-off", LimitKind.REQUESTS, LimitWindow.DAY,
                LimitWindow.DAY.startOf(System.currentTimeMillis()));
        String mapKey = new CounterLines().mapKey(counter);
        try (TestCluster cluster = TestCluster.of(3)) {
            List<ClusterGovernanceState> states = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                states.add(ClusterGovernanceState.of(cluster.member(i), Map.of(), Clock.systemUTC(), QUICK_TIMEOUT));
            }
            Poll.until(Duration.ofSeconds(10), "every node counts three admitting members",
                    () -> states.stream().allMatch(state -> state.admittingMembers() == 3));
            LeasedQuotaStore cutOff = states.get(0).quotas();
            IMap<String, LeaseLine> map = cluster.member(1).getMap(LeasedQuotaStore.MAP);
            map.submitToKey(mapKey, new Stall(2_000));
            assertThat(STALLED.await(10, TimeUnit.SECONDS)).isTrue();

            assertThat(admitted(cutOff, counter, 150)).as("300 / 3").isEqualTo(100);
            Poll.until(Duration.ofSeconds(5), "the node notices the owner does not answer",
                    () -> cutOff.leases().stream().anyMatch(LeaseView::unreachable));
            assertThat(admitted(cutOff, counter, 50)).as("still its share, no more").isZero();

            Poll.until(Duration.ofSeconds(10), "the owner has counted the 100 admitted while it was cut off",
                    () -> committedOf(map.get(mapKey)) == 100);
            Poll.until(Duration.ofSeconds(10), "another node sees them",
                    () -> states.get(1).quotas().check(counter, 300).remaining() <= 200);
            states.forEach(ClusterGovernanceState::close);
        }
    }

    private static int admitted(LeasedQuotaStore store, QuotaCounter counter, int attempts) {
        int admitted = 0;
        for (int i = 0; i < attempts; i++) {
            if (store.tryAcquire(counter, 1, 300).granted()) {
                admitted++;
            }
        }
        return admitted;
    }

    private static long committedOf(LeaseLine line) {
        return line == null ? 0 : line.holders().values().stream().mapToLong(Holding::committed).sum();
    }
}
