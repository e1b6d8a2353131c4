package dev.heimdall.governance.budget;

import java.time.Duration;

/**
 * A spending cap in micro-USD (1 USD = 1,000,000) over a period. {@code name} tells budgets of one owner apart
 * ({@code monthly}, {@code daily-guard}) and names the budget in the error a client gets when it is exhausted.
 */
public record BudgetSpec(String name, long limitMicros, BudgetPeriod period, Duration rollingWindow) {

    public BudgetSpec {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a budget needs a name");
        }
        if (limitMicros < 0) {
            throw new IllegalArgumentException("budget " + name + ": the limit must not be negative");
        }
        if (period == null) {
            throw new IllegalArgumentException("budget " + name + ": a period is required");
        }
        if (period == BudgetPeriod.ROLLING) {
            if (rollingWindow == null || rollingWindow.compareTo(Duration.ofHours(1)) < 0) {
                throw new IllegalArgumentException("budget " + name + ": a rolling budget needs a window of at least 1h");
            }
        } else if (rollingWindow != null) {
            throw new IllegalArgumentException("budget " + name + ": only a rolling budget has a window");
        }
    }

    public static BudgetSpec calendar(String name, long limitMicros, BudgetPeriod period) {
        return new BudgetSpec(name, limitMicros, period, null);
    }
}
