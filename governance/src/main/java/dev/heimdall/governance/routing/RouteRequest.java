package dev.heimdall.governance.routing;

import dev.heimdall.governance.routing.rules.RoutingRule;

import java.util.List;

/**
 * What decides a route besides the configuration.
 *
 * @param model               the model name the client asked for
 * @param rule                the routing rule that matched, or null
 * @param ruleContextFallback that rule's longer-context fallback, or null
 * @param requestFallbacks    the request's own fallbacks: aliases or {@code provider/model} names
 * @param keyFallbacks        the caller's virtual key's fallback chain
 */
public record RouteRequest(String model, RoutingRule rule, Target ruleContextFallback, List<String> requestFallbacks,
                           List<Target> keyFallbacks) {

    public RouteRequest {
        requestFallbacks = requestFallbacks == null ? List.of() : List.copyOf(requestFallbacks);
        keyFallbacks = keyFallbacks == null ? List.of() : List.copyOf(keyFallbacks);
    }

    public static RouteRequest of(String model) {
        return new RouteRequest(model, null, null, List.of(), List.of());
    }
}
