package dev.heimdall.node.pipeline;

import dev.heimdall.governance.budget.CostEstimate;
import dev.heimdall.governance.budget.Reservation;
import dev.heimdall.governance.keys.KeyContext;
import dev.heimdall.governance.limits.RateLimitDecision;

/**
 * What admission took for one request, so that settlement can give back or charge exactly that, once.
 *
 * @param estimate    the estimated cost reserved on the budgets
 * @param reservation the budget lines it was reserved on
 * @param limits      the rate-limit status to report in {@code x-ratelimit-*} headers
 * @param admittedAtMillis the gateway clock's time at admission, from which the headers count the resets
 */
public record GovernanceTicket(KeyContext key, CostEstimate estimate, Reservation reservation,
                               RateLimitDecision.Admitted limits, long admittedAtMillis) {
}
