package dev.heimdall.governance.routing;

import java.util.List;

/**
 * The targets one request will try, in order: the weighted pick first, then the other candidates in weighted
 * order, then the fallback chain. Pure data; executing it is the node's job.
 *
 * @param alias           the alias the client asked for, or null when it named {@code provider/model} directly
 * @param contextFallback where to go instead when a target's context window is too small for the prompt (the
 *                        upstream said so, or {@code estimatedTokens} exceeds the window it is known to have); null
 *                        when none is configured
 * @param estimatedTokens the prompt's estimated size, 0 when unknown
 */
public record FallbackPlan(String requestedModel, String alias, List<Target> attempts, Target contextFallback,
                           long estimatedTokens) {

    public FallbackPlan {
        attempts = List.copyOf(attempts);
        if (attempts.isEmpty()) {
            throw new IllegalArgumentException("a plan needs at least one target");
        }
    }

    public FallbackPlan(String requestedModel, String alias, List<Target> attempts) {
        this(requestedModel, alias, attempts, null, 0);
    }

    public Target primary() {
        return attempts.get(0);
    }
}
