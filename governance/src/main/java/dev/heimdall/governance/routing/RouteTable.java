package dev.heimdall.governance.routing;

import dev.heimdall.governance.routing.rules.RoutingRule;
import dev.heimdall.providers.spi.InvalidRequestException;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.random.RandomGenerator;

/**
 * Turns the model name a client asked for into a {@link RouteDecision}. A name is either an alias from the
 * configuration or {@code provider/model} for a configured provider (the model part may itself contain slashes,
 * as in {@code vllm/meta-llama/Llama-3.1-8B}). Aliases win over provider names because configuration forbids an
 * alias that contains a slash. Immutable; built once per configuration.
 */
public final class RouteTable {

    private final Map<String, ModelAlias> aliases;
    private final Set<String> providers;

    public RouteTable(Map<String, ModelAlias> aliases, Set<String> providers) {
        this.aliases = Map.copyOf(aliases);
        this.providers = Set.copyOf(providers);
    }

    public Map<String, ModelAlias> aliases() {
        return aliases;
    }

    /** The plan by configured weights alone, for the model name as asked. */
    public Optional<FallbackPlan> plan(String requestedModel, RandomGenerator random) {
        return decide(RouteRequest.of(requestedModel)).map(d -> d.plan(random, Target::weight, 0));
    }

    /**
     * The route for a request: the matched rule's target or model if there is one, else the model asked for. The
     * fallback chain is the first non-empty of the request's, the key's, the rule's and the alias's.
     *
     * @return empty when the name (or the rule's model) is neither an alias nor {@code provider/model}
     * @throws InvalidRequestException when a request fallback names neither
     */
    public Optional<RouteDecision> decide(RouteRequest request) {
        RoutingRule rule = request.rule();
        Optional<RouteDecision> base;
        if (rule == null) {
            base = resolve(request.model());
        } else if (rule.route() != null) {
            base = Optional.of(new RouteDecision(request.model(), null, null, List.of(rule.route()), List.of(),
                    FallbackSource.NONE, null));
        } else {
            base = resolve(rule.model());
        }
        if (base.isEmpty()) {
            return base;
        }
        RouteDecision route = base.get();
        if (rule == null && request.requestFallbacks().isEmpty() && request.keyFallbacks().isEmpty()) {
            return base;
        }
        List<Target> fallbacks = route.fallbacks();
        FallbackSource source = route.fallbackSource();
        if (!request.requestFallbacks().isEmpty()) {
            fallbacks = expand(request.requestFallbacks());
            source = FallbackSource.REQUEST;
        } else if (!request.keyFallbacks().isEmpty()) {
            fallbacks = request.keyFallbacks();
            source = FallbackSource.KEY;
        } else if (rule != null && !rule.fallbacks().isEmpty()) {
            fallbacks = rule.fallbacks();
            source = FallbackSource.RULE;
        }
        Target contextFallback = request.ruleContextFallback() != null ? request.ruleContextFallback()
                : route.contextFallback();
        return Optional.of(new RouteDecision(request.model(), rule == null ? null : rule.name(), route.alias(),
                route.candidates(), fallbacks, source, contextFallback));
    }

    /** An alias with its own fallbacks, or a {@code provider/model} target without any. */
    private Optional<RouteDecision> resolve(String name) {
        ModelAlias alias = aliases.get(name);
        if (alias != null) {
            return Optional.of(new RouteDecision(name, null, alias.name(), alias.targets(), alias.fallbacks(),
                    alias.fallbacks().isEmpty() ? FallbackSource.NONE : FallbackSource.ALIAS, alias.contextFallback()));
        }
        return direct(name).map(target -> new RouteDecision(name, null, null, List.of(target), List.of(),
                FallbackSource.NONE, null));
    }

    private Optional<Target> direct(String name) {
        int slash = name.indexOf('/');
        if (slash > 0 && slash < name.length() - 1 && providers.contains(name.substring(0, slash))) {
            return Optional.of(Target.of(name.substring(0, slash), name.substring(slash + 1)));
        }
        return Optional.empty();
    }

    /**
     * A request's fallback names as targets: an alias stands for its targets, heaviest first, then its own
     * fallbacks; {@code provider/model} for itself.
     */
    private List<Target> expand(List<String> names) {
        return expand(names, true);
    }

    /**
     * A virtual key's fallback names as targets, as {@link #expand} reads a request's; a name that no longer exists
     * (an alias deleted after the key was made) is left out rather than failing the key's requests.
     */
    public List<Target> keyFallbacks(List<String> names) {
        return expand(names, false);
    }

    private List<Target> expand(List<String> names, boolean strict) {
        List<Target> targets = new ArrayList<>();
        for (String name : names) {
            ModelAlias alias = aliases.get(name);
            if (alias != null) {
                alias.targets().stream().filter(t -> t.weight() > 0)
                        .sorted(Comparator.comparingInt(Target::weight).reversed())
                        .forEach(targets::add);
                targets.addAll(alias.fallbacks());
                continue;
            }
            Optional<Target> target = direct(name);
            if (target.isEmpty() && strict) {
                throw new InvalidRequestException("fallbacks", "fallbacks: the model `" + name + "` does not exist: "
                        + "use an alias from GET /v1/models or provider/model for a configured provider.");
            }
            target.ifPresent(targets::add);
        }
        return targets;
    }
}
