package dev.heimdall.governance.routing;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.random.RandomGenerator;

/**
 * Turns the model name a client asked for into a {@link FallbackPlan}. A name is either an alias from the
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

    public Optional<FallbackPlan> plan(String requestedModel, RandomGenerator random) {
        ModelAlias alias = aliases.get(requestedModel);
        if (alias != null) {
            return Optional.of(new FallbackPlan(requestedModel, alias.name(), orderTargets(alias, random)));
        }
        int slash = requestedModel.indexOf('/');
        if (slash > 0 && slash < requestedModel.length() - 1) {
            String provider = requestedModel.substring(0, slash);
            if (providers.contains(provider)) {
                Target direct = Target.of(provider, requestedModel.substring(slash + 1));
                return Optional.of(new FallbackPlan(requestedModel, null, List.of(direct)));
            }
        }
        return Optional.empty();
    }

    /**
     * Weighted order without replacement: the first pick follows the configured split exactly in the long run, and
     * if it fails the remaining targets are tried in an order that again respects their weights.
     */
    private static List<Target> orderTargets(ModelAlias alias, RandomGenerator random) {
        List<Target> targets = alias.targets();
        List<Target> order = new ArrayList<>(targets.size() + alias.fallbacks().size());
        if (targets.size() == 1) {
            order.add(targets.get(0));
        } else {
            int[] weights = new int[targets.size()];
            boolean[] eligible = new boolean[targets.size()];
            for (int i = 0; i < weights.length; i++) {
                weights[i] = targets.get(i).weight();
                eligible[i] = weights[i] > 0;
            }
            int picked;
            while ((picked = WeightedPick.pick(weights, eligible, random)) >= 0) {
                order.add(targets.get(picked));
                eligible[picked] = false;
            }
        }
        order.addAll(alias.fallbacks());
        return order;
    }
}
