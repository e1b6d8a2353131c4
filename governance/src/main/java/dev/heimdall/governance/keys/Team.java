package dev.heimdall.governance.keys;

import dev.heimdall.governance.budget.BudgetSpec;
import dev.heimdall.governance.limits.RateLimitSpec;

import java.util.List;
import java.util.Map;

/** A team inside a customer (or on its own, {@code customerId} null); its budgets and limits bind all its keys. */
public record Team(String id, String name, String customerId, List<BudgetSpec> budgets, RateLimitSpec rateLimit,
                   Map<String, String> tags) {

    public Team {
        Ids.requireSlug("team", id);
        name = name == null || name.isBlank() ? id : name;
        budgets = budgets == null ? List.of() : List.copyOf(budgets);
        rateLimit = rateLimit == null ? RateLimitSpec.NONE : rateLimit;
        tags = tags == null ? Map.of() : Map.copyOf(tags);
    }
}
