package dev.heimdall.governance.routing;

import java.util.List;

/**
 * A model name clients ask for, served by weighted targets, with an ordered fallback chain.
 *
 * @param contextFallback a longer-context target for prompts its targets cannot take, or null
 */
public record ModelAlias(String name, List<Target> targets, List<Target> fallbacks, Target contextFallback) {

    public ModelAlias {
        targets = List.copyOf(targets);
        fallbacks = fallbacks == null ? List.of() : List.copyOf(fallbacks);
        if (targets.stream().noneMatch(t -> t.weight() > 0)) {
            throw new IllegalArgumentException("alias " + name + " needs at least one target with a positive weight");
        }
    }

    public ModelAlias(String name, List<Target> targets, List<Target> fallbacks) {
        this(name, targets, fallbacks, null);
    }
}
