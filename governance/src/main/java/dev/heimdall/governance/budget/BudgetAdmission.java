package dev.heimdall.governance.budget;

import java.util.Arrays;
import java.util.List;

/**
 * Reserves a request's estimated cost on every budget that applies to it, at every level, all or nothing; settles a
 * reservation with the actual cost, or releases it when nothing reached a provider.
 *
 * <p>A rolling budget reserves on its current hourly bucket with, as the bucket's limit, the budget's limit minus
 * what the window's earlier buckets hold. The earlier buckets change only when requests admitted in an earlier hour
 * settle, so their sum is cached for at most {@link #EARLIER_BUCKETS_MAX_AGE_MILLIS} rather than read from the
 * ledger, bucket by bucket, on every request.
 */
public final class BudgetAdmission {

    static final long EARLIER_BUCKETS_MAX_AGE_MILLIS = 1_000;

    private final BudgetLedger ledger;
    private final BudgetWindows windows;

    public BudgetAdmission(BudgetLedger ledger, BudgetWindows windows) {
        this.ledger = ledger;
        this.windows = windows;
    }

    /** @param budgets the budgets of every level that apply, as precomputed by the key's context */
    public BudgetDecision reserve(List<AppliedBudget> budgets, long amountMicros, long nowMillis) {
        if (budgets.isEmpty()) {
            return BudgetDecision.Reserved.NOTHING;
        }
        LedgerKey[] reserved = new LedgerKey[budgets.size()];
        for (int i = 0; i < reserved.length; i++) {
            AppliedBudget budget = budgets.get(i);
            AppliedBudget.Line line = lineAt(budget, nowMillis);
            long limit = budget.spec().limitMicros();
            if (budget.spec().period() == BudgetPeriod.ROLLING) {
                limit -= earlierBuckets(budget, line.bounds().startMillis(), nowMillis);
            }
            if (!ledger.tryReserve(line.key(), amountMicros, limit)) {
                release(Arrays.asList(reserved).subList(0, i), amountMicros);
                return exhausted(budget, line, amountMicros, nowMillis);
            }
            reserved[i] = line.key();
        }
        return new BudgetDecision.Reserved(new Reservation(amountMicros, List.of(reserved)));
    }

    /** Replaces the reservation with the request's actual cost on every line it was made on. */
    public void settle(Reservation reservation, long actualMicros) {
        for (LedgerKey line : reservation.lines()) {
            ledger.settle(line, reservation.amountMicros(), actualMicros);
        }
    }

    /** Gives a reservation back whole: the request never reached a provider, so it cost nothing. */
    public void release(Reservation reservation) {
        release(reservation.lines(), reservation.amountMicros());
    }

    private void release(List<LedgerKey> lines, long amountMicros) {
        for (LedgerKey line : lines) {
            ledger.release(line, amountMicros);
        }
    }

    private AppliedBudget.Line lineAt(AppliedBudget budget, long nowMillis) {
        AppliedBudget.Line line = budget.line;
        if (line == null || line.zone() != windows.zone() || !line.bounds().contains(nowMillis)) {
            PeriodBounds bounds = windows.current(budget.spec().period(), nowMillis);
            line = new AppliedBudget.Line(windows.zone(), bounds,
                    new LedgerKey(budget.ledgerOwner(), budget.spec().name(), bounds.startMillis()));
            budget.line = line;
        }
        return line;
    }

    private long earlierBuckets(AppliedBudget budget, long bucketStart, long nowMillis) {
        AppliedBudget.EarlierBuckets earlier = budget.earlier;
        if (earlier == null || earlier.bucketStart() != bucketStart
                || nowMillis - earlier.computedAtMillis() >= EARLIER_BUCKETS_MAX_AGE_MILLIS) {
            long committed = 0;
            for (long[] bucket : earlierBucketBalances(budget, bucketStart)) {
                committed += bucket[1];
            }
            earlier = new AppliedBudget.EarlierBuckets(bucketStart, nowMillis, committed);
            budget.earlier = earlier;
        }
        return earlier.committedMicros();
    }

    /** {start, committed} of each earlier bucket still in the window, oldest first. */
    private long[][] earlierBucketBalances(AppliedBudget budget, long bucketStart) {
        int earlier = BudgetWindows.bucketCount(budget.spec()) - 1;
        long[][] buckets = new long[earlier][];
        for (int i = 0; i < earlier; i++) {
            long start = bucketStart - (long) (earlier - i) * BudgetWindows.BUCKET_MILLIS;
            LedgerBalance balance = ledger.balance(new LedgerKey(budget.ledgerOwner(), budget.spec().name(), start));
            buckets[i] = new long[] {start, balance.committedMicros()};
        }
        return buckets;
    }

    private BudgetDecision.Exhausted exhausted(AppliedBudget budget, AppliedBudget.Line line, long amountMicros,
                                               long nowMillis) {
        long current = ledger.balance(line.key()).committedMicros();
        long resetAt = line.bounds().resetAtMillis();
        long committed = current;
        if (budget.spec().period() == BudgetPeriod.ROLLING) {
            long[][] earlier = earlierBucketBalances(budget, line.bounds().startMillis());
            for (long[] bucket : earlier) {
                committed += bucket[1];
            }
            resetAt = rollingRoomAt(budget, line, earlier, committed, amountMicros);
        }
        return new BudgetDecision.Exhausted(budget.owner(), budget.spec(), committed, amountMicros, resetAt,
                Math.max(0, resetAt - nowMillis));
    }

    /**
     * When enough of a rolling window's spend will have left it for {@code amountMicros} to fit: buckets leave the
     * window oldest first, each a whole window after it started. If even the current bucket alone leaves no room,
     * that is when it leaves the window.
     */
    private static long rollingRoomAt(AppliedBudget budget, AppliedBudget.Line line, long[][] earlier, long committed,
                                      long amountMicros) {
        long window = BudgetWindows.bucketCount(budget.spec()) * BudgetWindows.BUCKET_MILLIS;
        long limit = budget.spec().limitMicros();
        for (long[] bucket : earlier) {
            committed -= bucket[1];
            if (committed + amountMicros <= limit) {
                return bucket[0] + window;
            }
        }
        return line.bounds().startMillis() + window;
    }
}
