package dev.heimdall.governance.budget;

import dev.heimdall.governance.hierarchy.Level;
import dev.heimdall.governance.hierarchy.Owner;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class BudgetAdmissionTest {

    private static final long DOLLAR = 1_000_000;
    private static final long HOUR = BudgetWindows.BUCKET_MILLIS;
    private static final long NOW = Instant.parse("2026-11-25T10:30:00Z").toEpochMilli();
    private static final long DECEMBER = Instant.parse("2026-12-01T00:00:00Z").toEpochMilli();

    private final LocalBudgetLedger ledger = new LocalBudgetLedger();
    private final BudgetAdmission admission = new BudgetAdmission(ledger, new BudgetWindows(ZoneId.of("UTC")));
    private final Owner dev = new Owner(Level.KEY, "dev");
    private final Owner ops = new Owner(Level.KEY, "ops");
    private final Owner ml = new Owner(Level.TEAM, "ml");
    private final AppliedBudget mlMonthly = new AppliedBudget(ml, BudgetSpec.calendar("monthly", DOLLAR, BudgetPeriod.MONTHLY));

    private static AppliedBudget monthly(Owner owner, long limit) {
        return new AppliedBudget(owner, BudgetSpec.calendar("monthly", limit, BudgetPeriod.MONTHLY));
    }

    private static LedgerKey novemberLine(String owner) {
        return new LedgerKey(owner, "monthly", Instant.parse("2026-11-01T00:00:00Z").toEpochMilli());
    }

    private static Reservation reserved(BudgetDecision decision) {
        assertThat(decision).isInstanceOf(BudgetDecision.Reserved.class);
        return ((BudgetDecision.Reserved) decision).reservation();
    }

    @Test
    void reservesTheEstimateOnTheBudgetsOfEveryLevel() {
        List<AppliedBudget> budgets = List.of(monthly(dev, 10 * DOLLAR), mlMonthly,
                monthly(new Owner(Level.CUSTOMER, "acme"), 100 * DOLLAR));

        Reservation reservation = reserved(admission.reserve(budgets, 40_000, NOW));

        assertThat(reservation.amountMicros()).isEqualTo(40_000);
        assertThat(reservation.lines()).containsExactly(novemberLine("key:dev"), novemberLine("team:ml"),
                novemberLine("customer:acme"));
        for (LedgerKey line : reservation.lines()) {
            assertThat(ledger.balance(line)).isEqualTo(new LedgerBalance(0, 40_000));
        }
    }

    @Test
    void settlementChargesTheActualCostToEveryLevelAndReleaseChargesNothing() {
        List<AppliedBudget> budgets = List.of(monthly(dev, 10 * DOLLAR), mlMonthly);
        Reservation settledOne = reserved(admission.reserve(budgets, 40_000, NOW));
        Reservation releasedOne = reserved(admission.reserve(budgets, 40_000, NOW));

        admission.settle(settledOne, 12_345);
        admission.release(releasedOne);

        assertThat(ledger.balance(novemberLine("key:dev"))).isEqualTo(new LedgerBalance(12_345, 0));
        assertThat(ledger.balance(novemberLine("team:ml"))).isEqualTo(new LedgerBalance(12_345, 0));
    }

    @Test
    void theTeamBudgetStopsASecondKeyOfTheTeamAndTheKeyKeepsNothingReserved() {
        Reservation first = reserved(admission.reserve(List.of(monthly(dev, 10 * DOLLAR), mlMonthly), 900_000, NOW));
        admission.settle(first, 950_000);

        BudgetDecision decision = admission.reserve(List.of(monthly(ops, 10 * DOLLAR), mlMonthly), 60_000, NOW);

        assertThat(decision).isEqualTo(new BudgetDecision.Exhausted(ml, mlMonthly.spec(), 950_000, 60_000,
                DECEMBER, DECEMBER - NOW));
        assertThat(ledger.balance(novemberLine("key:ops"))).as("all or nothing").isEqualTo(LedgerBalance.EMPTY);
        assertThat(((BudgetDecision.Exhausted) decision).message()).isEqualTo("budget 'monthly' of team 'ml' "
                + "($1.00 per month) has $0.05 left, less than this request's estimated $0.06 (a lower max_tokens "
                + "lowers the estimate); it resets at 2026-12-01T00:00:00Z");
    }

    @Test
    void anExhaustedBudgetSaysSoAndResetsAtThePeriodBoundary() {
        AppliedBudget budget = monthly(dev, DOLLAR);
        admission.settle(reserved(admission.reserve(List.of(budget), DOLLAR, NOW)), DOLLAR);

        BudgetDecision.Exhausted exhausted = (BudgetDecision.Exhausted) admission.reserve(List.of(budget), 1, NOW);

        assertThat(exhausted.message()).isEqualTo(
                "budget 'monthly' of virtual key 'dev' ($1.00 per month) is exhausted; it resets at 2026-12-01T00:00:00Z");
        assertThat(exhausted.retryAfterMillis()).isEqualTo(DECEMBER - NOW);
        assertThat(admission.reserve(List.of(budget), 1, DECEMBER - 1)).isInstanceOf(BudgetDecision.Exhausted.class);
        assertThat(reserved(admission.reserve(List.of(budget), DOLLAR, DECEMBER)).lines())
                .containsExactly(new LedgerKey("key:dev", "monthly", DECEMBER));
    }

    @Test
    void noBudgetsReserveNothing() {
        assertThat(admission.reserve(List.of(), 5_000, NOW)).isSameAs(BudgetDecision.Reserved.NOTHING);
    }

    @Test
    void aSteadyStreamReusesTheLedgerLineOfThePeriod() {
        AppliedBudget budget = monthly(dev, DOLLAR);
        LedgerKey first = reserved(admission.reserve(List.of(budget), 1, NOW)).lines().get(0);
        LedgerKey second = reserved(admission.reserve(List.of(budget), 1, NOW + 60_000)).lines().get(0);
        assertThat(second).isSameAs(first);
    }

    @Test
    void aRollingBudgetCountsTheBucketsOfItsWindow() {
        AppliedBudget rolling = new AppliedBudget(dev, new BudgetSpec("3h", DOLLAR, BudgetPeriod.ROLLING, Duration.ofHours(3)));
        long bucket = BudgetWindows.bucketStart(NOW);
        admission.settle(reserved(admission.reserve(List.of(rolling), 600_000, NOW - 2 * HOUR)), 600_000);
        admission.settle(reserved(admission.reserve(List.of(rolling), 300_000, NOW - HOUR)), 300_000);

        BudgetDecision.Exhausted exhausted = (BudgetDecision.Exhausted) admission.reserve(List.of(rolling), 200_000, NOW);
        assertThat(exhausted.committedMicros()).isEqualTo(900_000);
        assertThat(exhausted.resetAtMillis()).as("when the oldest bucket leaves the window").isEqualTo(bucket + HOUR);
        assertThat(exhausted.message()).contains("($1.00 per rolling 3h)");

        Reservation fits = reserved(admission.reserve(List.of(rolling), 100_000, NOW));
        assertThat(fits.lines()).containsExactly(new LedgerKey("key:dev", "3h", bucket));
        admission.settle(fits, 100_000);

        assertThat(admission.reserve(List.of(rolling), 1, NOW)).isInstanceOf(BudgetDecision.Exhausted.class);
        assertThat(admission.reserve(List.of(rolling), 600_000, bucket + HOUR))
                .as("an hour later the oldest bucket has left the window").isInstanceOf(BudgetDecision.Reserved.class);
    }

    @Test
    void aRollingBucketAloneOverTheLimitLeavesRoomWhenItLeavesTheWindow() {
        AppliedBudget rolling = new AppliedBudget(dev, new BudgetSpec("2h", DOLLAR, BudgetPeriod.ROLLING, Duration.ofHours(2)));
        admission.settle(reserved(admission.reserve(List.of(rolling), DOLLAR, NOW)), 2 * DOLLAR);

        BudgetDecision.Exhausted exhausted = (BudgetDecision.Exhausted) admission.reserve(List.of(rolling), 1, NOW);

        assertThat(exhausted.resetAtMillis()).isEqualTo(BudgetWindows.bucketStart(NOW) + 2 * HOUR);
    }

    @Test
    void aRollingBudgetSeesLateSettlementsOfEarlierBucketsWithinASecond() {
        AppliedBudget rolling = new AppliedBudget(dev, new BudgetSpec("2h", DOLLAR, BudgetPeriod.ROLLING, Duration.ofHours(2)));
        Reservation lastHour = reserved(admission.reserve(List.of(rolling), 500_000, NOW - HOUR));
        admission.release(reserved(admission.reserve(List.of(rolling), 1, NOW)));

        admission.settle(lastHour, 100_000);

        assertThat(admission.reserve(List.of(rolling), 900_000, NOW + 1)).as("the cached sum still holds the estimate")
                .isInstanceOf(BudgetDecision.Exhausted.class);
        assertThat(admission.reserve(List.of(rolling), 900_000, NOW + BudgetAdmission.EARLIER_BUCKETS_MAX_AGE_MILLIS))
                .isInstanceOf(BudgetDecision.Reserved.class);
    }
}
