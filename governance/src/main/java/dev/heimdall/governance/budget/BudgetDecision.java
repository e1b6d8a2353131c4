package dev.heimdall.governance.budget;

import dev.heimdall.governance.hierarchy.Owner;

import java.time.Duration;
import java.time.Instant;

/** The answer of budget admission. */
public sealed interface BudgetDecision {

    record Reserved(Reservation reservation) implements BudgetDecision {

        public static final Reserved NOTHING = new Reserved(Reservation.NONE);
    }

    /**
     * A budget has no room for the request's estimated cost.
     *
     * @param committedMicros  settled spend plus in-flight reservations when the request was refused
     * @param requestedMicros  the request's estimated cost
     * @param resetAtMillis    when the budget will have room again: its period's end, or for a rolling budget when
     *                         enough spend has left the window
     * @param retryAfterMillis until {@code resetAtMillis}, for {@code Retry-After}
     */
    record Exhausted(Owner owner, BudgetSpec budget, long committedMicros, long requestedMicros, long resetAtMillis,
                     long retryAfterMillis) implements BudgetDecision {

        public String message() {
            String state = committedMicros >= budget.limitMicros()
                    ? "is exhausted"
                    : "has " + Usd.format(budget.limitMicros() - committedMicros) + " left, less than this request's "
                      + "estimated " + Usd.format(requestedMicros) + " (a lower max_tokens lowers the estimate)";
            return "budget '" + budget.name() + "' of " + owner.describe() + " (" + Usd.format(budget.limitMicros())
                    + " " + per(budget) + ") " + state + "; it resets at " + Instant.ofEpochMilli(resetAtMillis);
        }

        private static String per(BudgetSpec budget) {
            return switch (budget.period()) {
                case DAILY -> "per day";
                case WEEKLY -> "per week";
                case MONTHLY -> "per month";
                case QUARTERLY -> "per quarter";
                case ROLLING -> "per rolling " + describe(budget.rollingWindow());
            };
        }

        private static String describe(Duration window) {
            return window.toMinutes() % 60 == 0 ? window.toHours() + "h" : window.toMinutes() + "m";
        }
    }
}
