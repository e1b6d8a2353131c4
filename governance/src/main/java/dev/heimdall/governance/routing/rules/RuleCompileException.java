package dev.heimdall.governance.routing.rules;

/** A rule's condition is not valid CEL over the routing facts; the message names the rule. */
public final class RuleCompileException extends RuntimeException {

    private final String rule;

    public RuleCompileException(String rule, String message) {
        super("routing rule " + rule + ": " + message);
        this.rule = rule;
    }

    public String rule() {
        return rule;
    }
}
