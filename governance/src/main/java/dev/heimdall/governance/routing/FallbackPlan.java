package dev.heimdall.governance.routing;

import java.util.List;

/**
 * The targets one request will try, in order: the weighted pick first, then the other targets of the alias, then
 * its fallbacks. Pure data; executing it is the node's job.
 *
 * @param alias the alias the client asked for, or null when it named {@code provider/model} directly
 */
public record FallbackPlan(String requestedModel, String alias, List<Target> attempts) {

    public FallbackPlan {
        attempts = List.copyOf(attempts);
        if (attempts.isEmpty()) {
            throw new IllegalArgumentException("a plan needs at least one target");
        }
    }

    public Target primary() {
        return attempts.get(0);
    }
}
