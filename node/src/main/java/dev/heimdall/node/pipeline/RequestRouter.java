package dev.heimdall.node.pipeline;

import dev.heimdall.governance.routing.FallbackPlan;
import dev.heimdall.governance.routing.RouteTable;
import dev.heimdall.governance.routing.Target;
import dev.heimdall.governance.routing.rules.RoutingFacts;
import dev.heimdall.governance.routing.rules.RoutingRule;
import dev.heimdall.governance.routing.rules.RuleSet;
import dev.heimdall.node.observability.GatewayMetrics;

import java.time.Clock;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The route stage: routing rules first (first match wins), then the model the client asked for (an alias or
 * {@code provider/model}). A rule sends the request to its own target or model, followed by its fallbacks; the
 * matched rule's name is left in the request's scope for the {@code x-heimdall-rule} header and the metrics.
 */
public final class RequestRouter {

    private final RouteTable routes;
    private final RuleSet rules;
    private final Clock clock;
    private final ZoneId zone;
    private final GatewayMetrics metrics;

    public RequestRouter(RouteTable routes, RuleSet rules, Clock clock, ZoneId zone, GatewayMetrics metrics) {
        this.routes = routes;
        this.rules = rules;
        this.clock = clock;
        this.zone = zone;
        this.metrics = metrics;
        metrics.watchRuleErrors(rules::evaluationErrors);
    }

    public RuleSet rules() {
        return rules;
    }

    /** The plan for this request, or empty when neither a rule nor the model name leads anywhere. */
    public Optional<FallbackPlan> route(RouteQuery query, RequestScope scope) {
        if (!rules.rules().isEmpty()) {
            RoutingFacts facts = new RoutingFacts(query.model(), scope.ingress(), query.stream(), query.estimatedTokens(),
                    query.metadata(), keyFacts(scope), ZonedDateTime.now(clock.withZone(zone)), scope.budgetUsedPercent());
            Optional<RoutingRule> match = rules.firstMatch(facts);
            if (match.isPresent()) {
                Optional<FallbackPlan> plan = planFor(match.get(), query.model());
                if (plan.isPresent()) {
                    scope.rule(match.get().name());
                    metrics.recordRuleMatch(match.get().name());
                    return plan;
                }
            }
        }
        return routes.plan(query.model(), ThreadLocalRandom.current());
    }

    private Optional<FallbackPlan> planFor(RoutingRule rule, String requestedModel) {
        List<Target> attempts = new ArrayList<>();
        String alias = null;
        if (rule.route() != null) {
            attempts.add(rule.route());
        } else {
            Optional<FallbackPlan> target = routes.plan(rule.model(), ThreadLocalRandom.current());
            if (target.isEmpty()) {
                return Optional.empty();
            }
            attempts.addAll(target.get().attempts());
            alias = target.get().alias();
        }
        attempts.addAll(rule.fallbacks());
        return Optional.of(new FallbackPlan(requestedModel, alias, attempts));
    }

    private static RoutingFacts.KeyFacts keyFacts(RequestScope scope) {
        var context = scope.keyContext();
        if (context == null) {
            return RoutingFacts.KeyFacts.ANONYMOUS;
        }
        return new RoutingFacts.KeyFacts(context.key().name(), context.team() == null ? "" : context.team().id(),
                context.customer() == null ? "" : context.customer().id(),
                context.key().tags().entrySet().stream().map(e -> e.getValue().isEmpty() ? e.getKey()
                        : e.getKey() + ":" + e.getValue()).sorted().toList());
    }
}
