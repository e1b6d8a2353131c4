package dev.heimdall.node.config;

import java.util.List;
import java.util.Objects;

/**
 * A model name clients ask for, mapped to weighted targets and ordered fallbacks.
 *
 * @param name            the alias; never contains {@code /} and never equals a provider name
 * @param targets         one is picked by weight; at least one has a weight above zero
 * @param fallbacks       tried in order when the picked target fails; may be empty
 * @param contextFallback a longer-context target, tried instead when the prompt is too long for a target; or null
 */
public record ModelAliasConfig(String name, List<TargetConfig> targets, List<TargetConfig> fallbacks,
                               TargetConfig contextFallback) {

    public ModelAliasConfig {
        Objects.requireNonNull(name, "name");
        targets = List.copyOf(targets);
        fallbacks = List.copyOf(fallbacks);
    }

    public ModelAliasConfig(String name, List<TargetConfig> targets, List<TargetConfig> fallbacks) {
        this(name, targets, fallbacks, null);
    }
}
