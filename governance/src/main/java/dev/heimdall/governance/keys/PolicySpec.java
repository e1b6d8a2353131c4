package dev.heimdall.governance.keys;

import dev.heimdall.governance.budget.BudgetSpec;
import dev.heimdall.governance.limits.RateLimitSpec;

import java.util.List;
import java.util.Map;

/**
 * The policy an access profile carries and a virtual key may override, field by field: a null field is "not set
 * here" (inherit), an empty list is "set to nothing". Model patterns match {@code provider/model} or an alias name,
 * with {@code *} as a wildcard ({@code groq/*}, {@code openai/gpt-4o*}).
 */
public record PolicySpec(List<String> allowedProviders, List<String> allowedModels, List<BudgetSpec> budgets,
                         RateLimitSpec rateLimit, Map<String, RateLimitSpec> providerRateLimits,
                         String guardrails, List<String> fallbacks) {

    public static final PolicySpec EMPTY = new PolicySpec(null, null, null, null, null, null, null);

    public PolicySpec {
        allowedProviders = allowedProviders == null ? null : List.copyOf(allowedProviders);
        allowedModels = allowedModels == null ? null : List.copyOf(allowedModels);
        budgets = budgets == null ? null : List.copyOf(budgets);
        providerRateLimits = providerRateLimits == null ? null : Map.copyOf(providerRateLimits);
        fallbacks = fallbacks == null ? null : List.copyOf(fallbacks);
    }

    /** This policy with every field {@code overrides} sets replacing this one's. */
    public PolicySpec overriddenBy(PolicySpec overrides) {
        if (overrides == null) {
            return this;
        }
        return new PolicySpec(
                pick(overrides.allowedProviders, allowedProviders),
                pick(overrides.allowedModels, allowedModels),
                pick(overrides.budgets, budgets),
                pick(overrides.rateLimit, rateLimit),
                pick(overrides.providerRateLimits, providerRateLimits),
                pick(overrides.guardrails, guardrails),
                pick(overrides.fallbacks, fallbacks));
    }

    private static <T> T pick(T override, T base) {
        return override != null ? override : base;
    }
}
