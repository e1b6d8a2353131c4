package dev.heimdall.node.config;

import java.util.List;

/**
 * One routing rule: a CEL condition, and where a matching request goes: a single {@code route} target or a
 * {@code model} (an alias or {@code provider/model}), then its {@code fallbacks}.
 *
 * @param contextFallback a longer-context target for prompts too long for the route, or null
 */
public record RoutingRuleConfig(String name, String when, TargetConfig route, String model, List<TargetConfig> fallbacks,
                                TargetConfig contextFallback) {

    public RoutingRuleConfig {
        fallbacks = List.copyOf(fallbacks);
    }
}
