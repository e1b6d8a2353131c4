package dev.heimdall.governance.budget;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What every {@link BudgetLedger} must do, run against each implementation (a subclass supplies the ledger). The
 * cluster module runs it too, through the governance test-jar.
 */
public abstract class BudgetLedgerContract {

    protected static final long ONE_DOLLAR = 1_000_000;
    protected static final LedgerKey LINE = new LedgerKey("key:dev", "monthly", 1_764_547_200_000L);

    protected BudgetLedger ledger;

    /** A fresh, empty ledger for each test. */
    protected abstract BudgetLedger newLedger();

    @BeforeEach
    public void createLedger() {
        ledger = newLedger();
    }

    @Test
    public void reservesUpToTheLimitExactlyThenRefuses() {
        assertThat(ledger.tryReserve(LINE, 600_000, ONE_DOLLAR)).isTrue();
        assertThat(ledger.tryReserve(LINE, 400_000, ONE_DOLLAR)).isTrue();
        assertThat(ledger.tryReserve(LINE, 1, ONE_DOLLAR)).isFalse();
        assertThat(ledger.balance(LINE)).isEqualTo(new LedgerBalance(0, ONE_DOLLAR));
    }

    @Test
    public void aRefusedReservationLeavesNoTrace() {
        ledger.tryReserve(LINE, 700_000, ONE_DOLLAR);
        assertThat(ledger.tryReserve(LINE, 400_000, ONE_DOLLAR)).isFalse();
        assertThat(ledger.balance(LINE)).isEqualTo(new LedgerBalance(0, 700_000));
        assertThat(ledger.tryReserve(LINE, 300_000, ONE_DOLLAR)).isTrue();
    }

    @Test
    public void settlementReplacesTheEstimateWithTheActualCost() {
        ledger.tryReserve(LINE, 500_000, ONE_DOLLAR);
        ledger.settle(LINE, 500_000, 120_000);

        assertThat(ledger.balance(LINE)).isEqualTo(new LedgerBalance(120_000, 0));
        assertThat(ledger.tryReserve(LINE, 880_000, ONE_DOLLAR)).isTrue();
        assertThat(ledger.tryReserve(LINE, 1, ONE_DOLLAR)).isFalse();
    }

    @Test
    public void anActualCostAboveTheEstimateIsChargedInFullAndThenRefusesEvenNothing() {
        ledger.tryReserve(LINE, 900_000, ONE_DOLLAR);
        ledger.settle(LINE, 900_000, 1_100_000);

        assertThat(ledger.balance(LINE)).isEqualTo(new LedgerBalance(1_100_000, 0));
        assertThat(ledger.tryReserve(LINE, 0, ONE_DOLLAR)).isFalse();
    }

    @Test
    public void releaseGivesTheReservationBack() {
        ledger.tryReserve(LINE, ONE_DOLLAR, ONE_DOLLAR);
        ledger.release(LINE, ONE_DOLLAR);

        assertThat(ledger.balance(LINE)).isEqualTo(LedgerBalance.EMPTY);
        assertThat(ledger.tryReserve(LINE, ONE_DOLLAR, ONE_DOLLAR)).isTrue();
    }

    @Test
    public void linesOfOtherOwnersBudgetsAndPeriodsAreIndependent() {
        ledger.tryReserve(LINE, ONE_DOLLAR, ONE_DOLLAR);

        assertThat(ledger.tryReserve(new LedgerKey("team:ml", LINE.budget(), LINE.periodStartMillis()), ONE_DOLLAR, ONE_DOLLAR)).isTrue();
        assertThat(ledger.tryReserve(new LedgerKey(LINE.owner(), "daily", LINE.periodStartMillis()), ONE_DOLLAR, ONE_DOLLAR)).isTrue();
        assertThat(ledger.tryReserve(new LedgerKey(LINE.owner(), LINE.budget(), LINE.periodStartMillis() + 1), ONE_DOLLAR, ONE_DOLLAR)).isTrue();
        assertThat(ledger.balance(new LedgerKey("customer:none", "x", 0))).isEqualTo(LedgerBalance.EMPTY);
    }

    @Test
    public void theSpentSnapshotHoldsSettledSpendOnly() {
        LedgerKey other = new LedgerKey("team:ml", "monthly", LINE.periodStartMillis());
        ledger.tryReserve(LINE, 300, ONE_DOLLAR);
        ledger.settle(LINE, 300, 250);
        ledger.tryReserve(other, 300, ONE_DOLLAR);

        assertThat(ledger.spentSnapshot()).containsExactlyEntriesOf(java.util.Map.of(LINE, 250L));
    }

    /**
     * 50 threads hammer a $1.00 line with reservations of up to 5 cents, each settled at a random actual cost up to
     * its estimate: at no moment is more than the limit committed, and the ledger ends at exactly the sum of the
     * settled costs, with nothing left reserved.
     */
    @Test
    public void fiftyConcurrentClientsNeverCommitMoreThanTheLimit() throws Exception {
        int clients = 50;
        int requestsEach = 200;
        long maxEstimate = 50_000;
        AtomicLong settled = new AtomicLong();
        AtomicLong highestCommitted = new AtomicLong();
        AtomicLong refused = new AtomicLong();
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                SplittableRandom random = new SplittableRandom(c);
                done.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < requestsEach; i++) {
                        long estimate = 1 + random.nextLong(maxEstimate);
                        if (!ledger.tryReserve(LINE, estimate, ONE_DOLLAR)) {
                            refused.incrementAndGet();
                            continue;
                        }
                        highestCommitted.accumulateAndGet(ledger.balance(LINE).committedMicros(), Math::max);
                        long actual = random.nextLong(estimate + 1);
                        ledger.settle(LINE, estimate, actual);
                        settled.addAndGet(actual);
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> future : done) {
                future.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }

        LedgerBalance balance = ledger.balance(LINE);
        assertThat(highestCommitted.get()).isLessThanOrEqualTo(ONE_DOLLAR);
        assertThat(balance.reservedMicros()).isZero();
        assertThat(balance.spentMicros()).isEqualTo(settled.get()).isLessThanOrEqualTo(ONE_DOLLAR);
        assertThat(refused.get()).as("the limit was reached").isPositive();
        assertThat(balance.spentMicros()).as("and the ledger filled up").isGreaterThan(ONE_DOLLAR - maxEstimate);
    }
}
