package dev.heimdall.node.pipeline;

import dev.heimdall.governance.keys.KeyContext;
import dev.heimdall.governance.routing.EffectiveWeights;
import dev.heimdall.governance.routing.FallbackPlan;
import dev.heimdall.governance.routing.RouteDecision;
import dev.heimdall.governance.routing.RouteRequest;
import dev.heimdall.governance.routing.RouteTable;
import dev.heimdall.governance.routing.Target;
import dev.heimdall.governance.routing.rules.RoutingFacts;
import dev.heimdall.governance.routing.rules.RoutingRule;
import dev.heimdall.governance.routing.rules.RuleSet;
import dev.heimdall.node.observability.GatewayMetrics;
import dev.heimdall.providers.spi.InvalidRequestException;

import java.time.Clock;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The route stage: routing rules first (first match wins), then the model the client asked for (an alias or
 * {@code provider/model}). A rule sends the request to its own target or model; the fallback chain is the
 * request's, else the caller's key's, else the rule's, else the alias's. The plan orders the candidates by
 * effective weight (configured weight times health). The matched rule's name is left in the request's scope for
 * the {@code x-heimdall-rule} header and the metrics.
 */
public final class RequestRouter {

    private final RouteTable routes;
    private final RuleSet rules;
    private final Map<String, Target> ruleContextFallbacks;
    private final EffectiveWeights weights;
    /** The rules' clock, in their time zone. */
    private final Clock clock;
    private final GatewayMetrics metrics;
    /** Each key's facts as rules see them, by key id, valid while the key's context is the same object. */
    private final ConcurrentHashMap<String, FactsOfKey> keyFacts = new ConcurrentHashMap<>();

    /** @param ruleContextFallbacks each rule's longer-context fallback, by rule name (rules without one absent) */
    public RequestRouter(RouteTable routes, RuleSet rules, Map<String, Target> ruleContextFallbacks,
                         EffectiveWeights weights, Clock clock, ZoneId zone, GatewayMetrics metrics) {
        this.routes = routes;
        this.rules = rules;
        this.ruleContextFallbacks = Map.copyOf(ruleContextFallbacks);
        this.weights = weights;
        this.clock = clock.withZone(zone);
        this.metrics = metrics;
        metrics.watchRuleErrors(rules::evaluationErrors);
    }

    public RuleSet rules() {
        return rules;
    }

    public EffectiveWeights weights() {
        return weights;
    }

    /**
     * Where this request may go, without choosing yet and without leaving a trace: what the explain endpoint shows.
     *
     * @throws InvalidRequestException when the request's fallbacks name an unknown model
     */
    public Optional<RouteDecision> decide(RouteQuery query, String ingress) {
        return decide(query, ingress, RoutingFacts.KeyFacts.ANONYMOUS, 0.0);
    }

    /**
     * @param key               the caller's virtual key as rules see it
     * @param budgetUsedPercent the share of the caller's tightest budget already committed
     */
    public Optional<RouteDecision> decide(RouteQuery query, String ingress, RoutingFacts.KeyFacts key,
                                          double budgetUsedPercent) {
        if (!rules.rules().isEmpty()) {
            RoutingFacts facts = new RoutingFacts(query.model(), ingress, query.stream(), query.estimatedTokens(),
                    query.metadata(), key, ZonedDateTime.now(clock), budgetUsedPercent);
            Optional<RoutingRule> match = rules.firstMatch(facts);
            if (match.isPresent()) {
                RoutingRule rule = match.get();
                Optional<RouteDecision> decision = routes.decide(new RouteRequest(query.model(), rule,
                        ruleContextFallbacks.get(rule.name()), query.fallbacks(), query.keyFallbacks()));
                if (decision.isPresent()) {
                    return decision;
                }
            }
        }
        return routes.decide(new RouteRequest(query.model(), null, null, query.fallbacks(), query.keyFallbacks()));
    }

    /**
     * The plan for this request, or empty when neither a rule nor the model name leads anywhere.
     *
     * @throws InvalidRequestException when the request's fallbacks name an unknown model
     */
    public Optional<FallbackPlan> route(RouteQuery query, RequestScope scope) {
        scope.requestedModel(query.model());
        if (scope.keyContext() != null && scope.keyContext().policy().fallbacks() != null) {
            query = query.withKeyFallbacks(routes.keyFallbacks(scope.keyContext().policy().fallbacks()));
        }
        Optional<RouteDecision> decision = decide(query, scope.ingress(), keyFacts(scope), scope.budgetUsedPercent());
        if (decision.isEmpty()) {
            return Optional.empty();
        }
        RouteDecision route = decision.get();
        if (route.rule() != null) {
            scope.rule(route.rule());
            metrics.recordRuleMatch(route.rule());
        }
        long now = System.nanoTime();
        return Optional.of(route.plan(ThreadLocalRandom.current(), target -> weights.weight(target, now),
                query.estimatedTokens()));
    }

    /**
     * The caller's key as rules see it. A key context is built once per governance snapshot, so its facts are too:
     * rebuilt only when the context is no longer the one they were computed from.
     */
    private RoutingFacts.KeyFacts keyFacts(RequestScope scope) {
        KeyContext context = scope.keyContext();
        if (context == null) {
            return RoutingFacts.KeyFacts.ANONYMOUS;
        }
        FactsOfKey known = keyFacts.get(context.key().id());
        if (known != null && known.context() == context) {
            return known.facts();
        }
        RoutingFacts.KeyFacts facts = factsOf(context);
        keyFacts.put(context.key().id(), new FactsOfKey(context, facts));
        return facts;
    }

    private static RoutingFacts.KeyFacts factsOf(KeyContext context) {
        return new RoutingFacts.KeyFacts(context.key().name(), context.team() == null ? "" : context.team().id(),
                context.customer() == null ? "" : context.customer().id(),
                context.key().tags().entrySet().stream().map(e -> e.getValue().isEmpty() ? e.getKey()
                        : e.getKey() + ":" + e.getValue()).sorted().toList());
    }

    private record FactsOfKey(KeyContext context, RoutingFacts.KeyFacts facts) {
    }
}
