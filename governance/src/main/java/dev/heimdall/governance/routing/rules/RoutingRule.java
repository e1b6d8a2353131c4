package dev.heimdall.governance.routing.rules;

import dev.heimdall.governance.routing.Target;

import java.util.List;

/**
 * One routing rule as configured: when its CEL condition holds, the request goes to {@code route} (a single target)
 * or to {@code model} (an alias or {@code provider/model}, routed as if the client had asked for it), then to
 * {@code fallbacks}.
 */
public record RoutingRule(String name, String when, Target route, String model, List<Target> fallbacks) {

    public RoutingRule {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a routing rule needs a name");
        }
        if ((route == null) == (model == null)) {
            throw new IllegalArgumentException("routing rule " + name + " needs exactly one of route or model");
        }
        fallbacks = fallbacks == null ? List.of() : List.copyOf(fallbacks);
    }
}
