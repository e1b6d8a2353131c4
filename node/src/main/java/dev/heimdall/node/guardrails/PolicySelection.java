package dev.heimdall.node.guardrails;

/** Which guardrail policy governs a request: one, none at all, or one the key names that this node does not have. */
public sealed interface PolicySelection permits ActivePolicy, PolicySelection.Unguarded, PolicySelection.Missing {

    /** No policy applies: the key names none and there is no default. */
    enum Unguarded implements PolicySelection {
        INSTANCE
    }

    /** The key (or its profile) names a policy that does not exist or no longer reads; requests fail closed. */
    record Missing(String name) implements PolicySelection {
    }
}
