package dev.heimdall.node.admin;

import dev.heimdall.governance.budget.AppliedBudget;
import dev.heimdall.governance.budget.BudgetLedger;
import dev.heimdall.governance.budget.BudgetPeriod;
import dev.heimdall.governance.budget.BudgetWindows;
import dev.heimdall.governance.budget.LedgerBalance;
import dev.heimdall.governance.budget.LedgerKey;
import dev.heimdall.governance.budget.PeriodBounds;

/** Where the self-service view reads a budget's use from. Must not block: it is asked on an event loop. */
@FunctionalInterface
public interface BudgetStatusSource {

    BudgetStatus status(AppliedBudget budget, long nowMillis);

    /**
     * Reads the ledger lines admission charges: the current calendar period's, or the hourly buckets of a rolling
     * window (see {@link BudgetWindows}).
     */
    static BudgetStatusSource of(BudgetLedger ledger, BudgetWindows windows) {
        return (budget, nowMillis) -> {
            PeriodBounds current = windows.current(budget.spec().period(), nowMillis);
            if (budget.spec().period() != BudgetPeriod.ROLLING) {
                LedgerBalance balance = ledger.balance(
                        new LedgerKey(budget.ledgerOwner(), budget.spec().name(), current.startMillis()));
                return new BudgetStatus(balance.spentMicros(), balance.reservedMicros(), current.resetAtMillis());
            }
            long spent = 0;
            long reserved = 0;
            for (int i = 0; i < BudgetWindows.bucketCount(budget.spec()); i++) {
                LedgerBalance bucket = ledger.balance(new LedgerKey(budget.ledgerOwner(), budget.spec().name(),
                        current.startMillis() - i * BudgetWindows.BUCKET_MILLIS));
                spent += bucket.spentMicros();
                reserved += bucket.reservedMicros();
            }
            return new BudgetStatus(spent, reserved, null);
        };
    }
}
