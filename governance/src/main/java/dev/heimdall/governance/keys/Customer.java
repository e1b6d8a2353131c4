package dev.heimdall.governance.keys;

import dev.heimdall.governance.budget.BudgetSpec;
import dev.heimdall.governance.limits.RateLimitSpec;

import java.util.List;
import java.util.Map;

/** The top of the hierarchy customer -> team -> virtual key: an organisation that is billed. */
public record Customer(String id, String name, List<BudgetSpec> budgets, RateLimitSpec rateLimit,
                       Map<String, String> tags) {

    public Customer {
        Ids.requireSlug("customer", id);
        name = name == null || name.isBlank() ? id : name;
        budgets = budgets == null ? List.of() : List.copyOf(budgets);
        rateLimit = rateLimit == null ? RateLimitSpec.NONE : rateLimit;
        tags = tags == null ? Map.of() : Map.copyOf(tags);
    }
}
