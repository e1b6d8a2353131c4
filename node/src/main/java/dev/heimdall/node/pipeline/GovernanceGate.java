package dev.heimdall.node.pipeline;

import dev.heimdall.governance.access.AccessDecision;
import dev.heimdall.governance.budget.BudgetAdmission;
import dev.heimdall.governance.budget.BudgetDecision;
import dev.heimdall.governance.budget.CostEstimate;
import dev.heimdall.governance.budget.CostEstimator;
import dev.heimdall.governance.keys.Authentication;
import dev.heimdall.governance.keys.GovernanceSnapshot;
import dev.heimdall.governance.keys.KeyContext;
import dev.heimdall.governance.limits.RateLimitAdmission;
import dev.heimdall.governance.limits.RateLimitDecision;
import dev.heimdall.governance.routing.FallbackPlan;
import dev.heimdall.governance.routing.Target;
import dev.heimdall.node.governance.UsageRollup;
import dev.heimdall.providers.canonical.Usage;

import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The governance stages of the pipeline: authenticate the virtual key, check what it may use, admit it against its
 * rate limits and budgets, and, when the request is over, settle what it actually cost. Decisions are the
 * governance module's; this class applies them to a request and turns refusals into {@link Rejection}s. Nothing here
 * blocks: the snapshot, counters and ledger are all local.
 */
public final class GovernanceGate {

    /** Admission's answer: the plan narrowed to what the key may use, or a refusal. */
    public sealed interface Admission {
        record Admitted(FallbackPlan plan) implements Admission {
        }

        record Refused(Rejection rejection) implements Admission {
        }
    }

    private final Supplier<GovernanceSnapshot> keys;
    private final boolean authenticationRequired;
    private final RateLimitAdmission rateLimits;
    private final BudgetAdmission budgets;
    private final CostEstimator estimator;
    private final UsageRollup usage;
    private final Clock clock;

    public GovernanceGate(Supplier<GovernanceSnapshot> keys, boolean authenticationRequired,
                          RateLimitAdmission rateLimits, BudgetAdmission budgets, CostEstimator estimator,
                          UsageRollup usage, Clock clock) {
        this.keys = keys;
        this.authenticationRequired = authenticationRequired;
        this.rateLimits = rateLimits;
        this.budgets = budgets;
        this.estimator = estimator;
        this.usage = usage;
        this.clock = clock;
    }

    /**
     * Authenticates the presented secret into the scope; null when the request may go on, else the 401. With
     * authentication off a request without a key goes on anonymously, and one with a known key is still governed by
     * it.
     */
    public Rejection authenticate(String presentedSecret, RequestScope scope) {
        if (presentedSecret == null) {
            return authenticationRequired ? unauthenticated("Missing virtual key: send it as 'Authorization: Bearer "
                    + "<key>', 'x-api-key' or 'x-goog-api-key'.") : null;
        }
        Instant instant = clock.instant();
        long now = instant.toEpochMilli();
        Authentication outcome = keys.get().authenticate(presentedSecret, instant);
        if (outcome instanceof Authentication.Authenticated authenticated) {
            KeyContext context = authenticated.context();
            scope.keyContext(context, context.budgets().isEmpty() ? 0 : budgets.usedPercent(context.budgets(), now));
            return null;
        }
        if (!authenticationRequired && outcome instanceof Authentication.Unknown) {
            return null;
        }
        Authentication.Refused refused = (Authentication.Refused) outcome;
        return new Rejection(401, outcome instanceof Authentication.Unknown ? Rejection.Reason.UNAUTHENTICATED
                : Rejection.Reason.KEY_INACTIVE, capitalised(refused.message()) + ".", Map.of());
    }

    /**
     * Access, rate limits and budget for a routed request. On success the scope holds a ticket that
     * {@link #settle} closes; on refusal nothing stays taken.
     *
     * @param query         the prompt's estimated size and the client's output limit (null: the model's default)
     * @param providerTypes a provider's wire-format type by name, for the price of the model
     * @param metered       false for requests that cost nothing (token counting): access is checked, nothing reserved
     */
    public Admission admit(RequestScope scope, FallbackPlan plan, RouteQuery query,
                           Function<String, String> providerTypes, boolean metered) {
        KeyContext key = scope.keyContext();
        if (key == null) {
            return new Admission.Admitted(plan);
        }
        AccessDecision access = key.access().check(plan);
        if (access instanceof AccessDecision.Denied denied) {
            return refused(403, Rejection.Reason.FORBIDDEN, capitalised(denied.message()) + ".", Map.of());
        }
        FallbackPlan allowed = ((AccessDecision.Allowed) access).plan();
        if (!metered) {
            return new Admission.Admitted(allowed);
        }
        long now = clock.millis();
        Target primary = allowed.primary();
        RateLimitDecision limits = rateLimits.admit(key.limits(), now);
        if (limits instanceof RateLimitDecision.Limited limited) {
            return refused(429, Rejection.Reason.RATE_LIMITED, capitalised(limited.message()) + ".",
                    retryAfter(limited.retryAfterMillis()));
        }
        RateLimitDecision providerLimits = rateLimits.admit(key.limitsOn(primary.provider()), now);
        if (providerLimits instanceof RateLimitDecision.Limited limited) {
            rateLimits.release(key.limits(), now);
            return refused(429, Rejection.Reason.RATE_LIMITED, capitalised(limited.message()) + ".",
                    retryAfter(limited.retryAfterMillis()));
        }
        CostEstimate estimate = estimator.estimate(providerTypes.apply(primary.provider()), primary.model(),
                query.estimatedTokens(), query.maxTokens());
        BudgetDecision budget = budgets.reserve(key.budgets(), estimate.micros(), now);
        if (budget instanceof BudgetDecision.Exhausted exhausted) {
            rateLimits.release(key.limits(), now);
            rateLimits.release(key.limitsOn(primary.provider()), now);
            return refused(429, Rejection.Reason.BUDGET_EXHAUSTED, capitalised(exhausted.message()) + ".",
                    retryAfter(exhausted.retryAfterMillis()));
        }
        scope.ticket(new GovernanceTicket(key, estimate, ((BudgetDecision.Reserved) budget).reservation(),
                (RateLimitDecision.Admitted) limits, now));
        return new Admission.Admitted(allowed);
    }

    /**
     * Closes the request's ticket once: the actual cost replaces the reservation and the tokens are charged to the
     * token limits. Without usage from the provider, a request that was answered is charged its estimate (and
     * flagged by the caller); one that reached no provider or failed gives its reservation back.
     *
     * @param costMicros the priced usage, or negative when the model has no price
     * @return whether the charge is an estimate because the provider reported no usage
     */
    public boolean settle(RequestScope scope, int status, Usage actual, long costMicros) {
        GovernanceTicket ticket = scope.ticket();
        if (ticket == null || !scope.markSettled()) {
            return false;
        }
        long now = clock.millis();
        KeyContext key = ticket.key();
        boolean estimated = false;
        long cost;
        long tokens;
        if (actual != null) {
            cost = Math.max(0, costMicros);
            tokens = actual.promptTokens() + actual.completionTokens();
        } else if (scope.attemptsStarted() > 0 && (status == 200 || status == 499)) {
            cost = ticket.estimate().micros();
            tokens = ticket.estimate().promptTokens() + ticket.estimate().outputTokens();
            estimated = true;
        } else {
            budgets.release(ticket.reservation());
            return false;
        }
        budgets.settle(ticket.reservation(), cost);
        rateLimits.charge(key.limits(), tokens, now);
        rateLimits.charge(key.limitsOn(scope.provider()), tokens, now);
        usage.add(now, key.key().id(), key.team() == null ? null : key.team().id(),
                key.customer() == null ? null : key.customer().id(), scope.provider(), scope.model(),
                actual == null ? ticket.estimate().promptTokens() : actual.promptTokens(),
                actual == null ? ticket.estimate().outputTokens() : actual.completionTokens(),
                actual == null ? 0 : actual.cachedPromptTokens(), cost);
        return estimated;
    }

    private static Admission refused(int status, Rejection.Reason reason, String message, Map<String, String> headers) {
        return new Admission.Refused(new Rejection(status, reason, message, headers));
    }

    private static Rejection unauthenticated(String message) {
        return new Rejection(401, Rejection.Reason.UNAUTHENTICATED, message, Map.of());
    }

    private static Map<String, String> retryAfter(long millis) {
        Map<String, String> headers = new HashMap<>(2);
        headers.put("retry-after", Long.toString(Math.max(1, (millis + 999) / 1000)));
        return headers;
    }

    private static String capitalised(String message) {
        return message.isEmpty() ? message : Character.toUpperCase(message.charAt(0)) + message.substring(1);
    }
}
