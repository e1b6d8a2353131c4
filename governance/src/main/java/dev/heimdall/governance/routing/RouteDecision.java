package dev.heimdall.governance.routing;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.ToDoubleFunction;
import java.util.random.RandomGenerator;

/**
 * Where a request may go, before the weighted pick: the candidates that share its traffic, the fallback chain that
 * follows them (and whose it is), and the longer-context fallback. What the explain endpoint shows; {@link #plan}
 * turns it into the order one request tries.
 *
 * @param rule  the routing rule that chose the route, or null
 * @param alias the alias the request was routed to, or null for a {@code provider/model} target
 */
public record RouteDecision(String requestedModel, String rule, String alias, List<Target> candidates,
                            List<Target> fallbacks, FallbackSource fallbackSource, Target contextFallback) {

    public RouteDecision {
        candidates = List.copyOf(candidates);
        fallbacks = List.copyOf(fallbacks);
        if (candidates.isEmpty()) {
            throw new IllegalArgumentException("a route needs at least one candidate");
        }
    }

    /**
     * Weighted order without replacement over the effective weights: the first pick follows the split exactly in
     * the long run, and if it fails the remaining candidates follow in an order that again respects their weights.
     * Candidates whose effective weight is 0 (their circuit admits nothing right now) come after the others, so a
     * probe may still reach them; candidates configured with weight 0 are left out. Then the fallbacks, each target
     * once.
     *
     * @param effectiveWeight a candidate's configured weight times its health factor
     */
    public FallbackPlan plan(RandomGenerator random, ToDoubleFunction<Target> effectiveWeight, long estimatedTokens) {
        List<Target> order = new ArrayList<>(candidates.size() + fallbacks.size());
        if (candidates.size() == 1) {
            order.add(candidates.get(0));
        } else {
            double[] weights = new double[candidates.size()];
            boolean[] eligible = new boolean[candidates.size()];
            for (int i = 0; i < weights.length; i++) {
                eligible[i] = candidates.get(i).weight() > 0;
                weights[i] = eligible[i] ? effectiveWeight.applyAsDouble(candidates.get(i)) : 0;
            }
            int picked;
            while ((picked = WeightedPick.pick(weights, eligible, random)) >= 0) {
                order.add(candidates.get(picked));
                eligible[picked] = false;
            }
            for (int i = 0; i < weights.length; i++) {
                if (eligible[i]) {
                    order.add(candidates.get(i));
                }
            }
        }
        for (Target fallback : fallbacks) {
            if (!contains(order, fallback)) {
                order.add(fallback);
            }
        }
        return new FallbackPlan(requestedModel, alias, order, contextFallback, estimatedTokens);
    }

    /** Whether the same target (provider, model and key; weights aside) is already in the order. */
    private static boolean contains(List<Target> order, Target target) {
        for (Target t : order) {
            if (t.provider().equals(target.provider()) && t.model().equals(target.model())
                    && Objects.equals(t.keyName(), target.keyName())) {
                return true;
            }
        }
        return false;
    }
}
