package dev.heimdall.cluster.ledger;

import dev.heimdall.cluster.lease.LeaseSettings;
import dev.heimdall.cluster.lease.Poll;
import dev.heimdall.cluster.lease.TestCluster;
import dev.heimdall.cluster.state.ClusterGovernanceState;
import dev.heimdall.governance.budget.LedgerKey;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The budget check on three members in one JVM: a $5 budget driven concurrently from every node (three
 * clients each) with requests estimated at 2 to 20 cents and costing half to all of their estimate, until every
 * client is refused again and again: the ledger ends within one request's cost of $5 and equals the sum of the
 * settled costs, with nothing left reserved.
 */
class BudgetAccuracyTest {

    private static final long LIMIT = 5_000_000;
    private static final long MIN_ESTIMATE = 20_000;
    private static final long MAX_ESTIMATE = 200_000;
    private static final int NODES = 3;
    private static final int CLIENTS_PER_NODE = 3;
    private static final int REFUSALS_TO_STOP = 100;

    @Test
    void aFiveDollarBudgetDrivenFromThreeNodesEndsWithinOneRequestOfFiveDollars() throws Exception {
        LedgerKey line = new LedgerKey("key:shared", "monthly", 1_764_547_200_000L);
        AtomicLong settled = new AtomicLong();
        ExecutorService clients = Executors.newFixedThreadPool(NODES * CLIENTS_PER_NODE);
        try (TestCluster cluster = TestCluster.of(NODES)) {
            List<ClusterGovernanceState> states = new ArrayList<>();
            for (int i = 0; i < NODES; i++) {
                states.add(ClusterGovernanceState.of(cluster.member(i), Map.of(), Clock.systemUTC(),
                        LeaseSettings.DEFAULTS));
            }
            Poll.until(Duration.ofSeconds(10), "every node counts three admitting members",
                    () -> states.stream().allMatch(state -> state.admittingMembers() == NODES));
            CountDownLatch go = new CountDownLatch(1);
            List<Future<?>> done = new ArrayList<>();
            for (int c = 0; c < NODES * CLIENTS_PER_NODE; c++) {
                LeasedBudgetLedger ledger = states.get(c % NODES).ledger();
                SplittableRandom random = new SplittableRandom(c);
                done.add(clients.submit(() -> {
                    go.await();
                    drive(ledger, line, random, settled);
                    return null;
                }));
            }
            go.countDown();
            for (Future<?> client : done) {
                client.get(60, TimeUnit.SECONDS);
            }

            Poll.until(Duration.ofSeconds(10), "every settlement reached the ledger",
                    () -> Long.valueOf(settled.get()).equals(states.get(0).ledger().spentSnapshot().get(line)));
            for (ClusterGovernanceState state : states) {
                Poll.until(Duration.ofSeconds(10), "no reservation is left",
                        () -> state.ledger().balance(line).reservedMicros() == 0);
            }
            assertThat(settled.get()).isBetween(LIMIT - MAX_ESTIMATE, LIMIT + MAX_ESTIMATE);
            states.forEach(ClusterGovernanceState::close);
        } finally {
            clients.shutdownNow();
        }
    }

    private static void drive(LeasedBudgetLedger ledger, LedgerKey line, SplittableRandom random, AtomicLong settled) {
        int refusedInARow = 0;
        while (refusedInARow < REFUSALS_TO_STOP) {
            long estimate = MIN_ESTIMATE + random.nextLong(MAX_ESTIMATE - MIN_ESTIMATE + 1);
            if (!ledger.tryReserve(line, estimate, LIMIT)) {
                refusedInARow++;
                LockSupport.parkNanos(2_000_000);
                continue;
            }
            refusedInARow = 0;
            long actual = estimate / 2 + random.nextLong(estimate / 2 + 1);
            ledger.settle(line, estimate, actual);
            settled.addAndGet(actual);
        }
    }
}
