package dev.heimdall.governance.keys;

import dev.heimdall.governance.access.ModelAccess;
import dev.heimdall.governance.budget.AppliedBudget;
import dev.heimdall.governance.budget.BudgetSpec;
import dev.heimdall.governance.hierarchy.Level;
import dev.heimdall.governance.hierarchy.Owner;
import dev.heimdall.governance.limits.AppliedLimit;
import dev.heimdall.governance.limits.RateLimitSpec;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Everything the pipeline needs to know about an authenticated key, computed once per governance snapshot: its team
 * and customer, its effective policy (the profile's, with the key's overrides), what it may use, and the rate limits
 * and budgets of every level that bind it, so admission only counts.
 *
 * <p>The profile's budgets and rate limits bind each key on its own (the key is their owner), as the profile is a
 * template; the team's and the customer's are shared by all their keys.
 *
 * <p>How a request uses it: {@code access().check(plan)}; {@code RateLimitAdmission.admit(limits())} once, and
 * {@code admit(limitsOn(provider))} before each attempt on a provider; {@code BudgetAdmission.reserve(budgets(),
 * estimate)}; after the response, {@code BudgetAdmission.settle} (or {@code release} when no provider was reached)
 * and {@code RateLimitAdmission.charge} with {@code limits()} and {@code limitsOn(provider)}.
 *
 * @param team           null when the key belongs to no team
 * @param customer       null when the key's team belongs to no customer
 * @param limits         request and token limits of the key, its team and its customer, key first
 * @param providerLimits the key's limits per provider, applied on top of {@code limits} to traffic to that provider
 * @param budgets        the budgets of the key, its team and its customer, key first
 */
public record KeyContext(VirtualKey key, Team team, Customer customer, PolicySpec policy, ModelAccess access,
                         List<AppliedLimit> limits, Map<String, List<AppliedLimit>> providerLimits,
                         List<AppliedBudget> budgets) {

    public KeyContext {
        limits = List.copyOf(limits);
        providerLimits = Map.copyOf(providerLimits);
        budgets = List.copyOf(budgets);
    }

    /** The key's limits on {@code provider}; empty when it has none there. */
    public List<AppliedLimit> limitsOn(String provider) {
        return providerLimits.getOrDefault(provider, List.of());
    }

    static KeyContext of(VirtualKey key, AccessProfile profile, Team team, Customer customer) {
        PolicySpec policy = profile == null ? key.overrides() : profile.policy().overriddenBy(key.overrides());
        Owner keyOwner = new Owner(Level.KEY, key.id());
        Owner teamOwner = team == null ? null : new Owner(Level.TEAM, team.id());
        Owner customerOwner = customer == null ? null : new Owner(Level.CUSTOMER, customer.id());

        List<AppliedLimit> limits = new ArrayList<>();
        addLimits(limits, keyOwner, null, policy.rateLimit());
        if (team != null) {
            addLimits(limits, teamOwner, null, team.rateLimit());
        }
        if (customer != null) {
            addLimits(limits, customerOwner, null, customer.rateLimit());
        }
        Map<String, List<AppliedLimit>> providerLimits = new HashMap<>();
        if (policy.providerRateLimits() != null) {
            policy.providerRateLimits().forEach((provider, spec) -> {
                List<AppliedLimit> onProvider = new ArrayList<>();
                addLimits(onProvider, keyOwner, provider, spec);
                if (!onProvider.isEmpty()) {
                    providerLimits.put(provider, List.copyOf(onProvider));
                }
            });
        }

        List<AppliedBudget> budgets = new ArrayList<>();
        addBudgets(budgets, keyOwner, policy.budgets());
        if (team != null) {
            addBudgets(budgets, teamOwner, team.budgets());
        }
        if (customer != null) {
            addBudgets(budgets, customerOwner, customer.budgets());
        }
        ModelAccess access = ModelAccess.of(key.name(), policy.allowedProviders(), policy.allowedModels());
        return new KeyContext(key, team, customer, policy, access, limits, providerLimits, budgets);
    }

    private static void addLimits(List<AppliedLimit> into, Owner owner, String provider, RateLimitSpec spec) {
        if (spec != null) {
            for (RateLimitSpec.Limit limit : spec.limits()) {
                into.add(new AppliedLimit(owner, provider, limit));
            }
        }
    }

    private static void addBudgets(List<AppliedBudget> into, Owner owner, List<BudgetSpec> specs) {
        if (specs == null) {
            return;
        }
        Set<String> names = new HashSet<>();
        for (BudgetSpec spec : specs) {
            if (!names.add(spec.name())) {
                throw new IllegalArgumentException(owner.describe() + " has two budgets named '" + spec.name() + "'");
            }
            into.add(new AppliedBudget(owner, spec));
        }
    }
}
