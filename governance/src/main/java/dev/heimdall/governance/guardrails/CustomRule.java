package dev.heimdall.governance.guardrails;

import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * An operator's own rule: a Java regular expression with a name (its rule id in findings and placeholders) and an
 * action. The whole match is what a redaction replaces.
 */
public record CustomRule(String name, String pattern, Action action) {

    public CustomRule {
        if (name == null || !name.matches("[A-Za-z0-9][A-Za-z0-9_.-]*")) {
            throw new IllegalArgumentException("a custom guardrail rule needs a name of letters, digits, '-', '_' "
                    + "or '.' (got '" + name + "')");
        }
        if (action == null) {
            throw new IllegalArgumentException("custom guardrail rule " + name + " needs an action");
        }
        if (pattern == null || pattern.isEmpty()) {
            throw new IllegalArgumentException("custom guardrail rule " + name + " needs a pattern");
        }
        boolean matchesEmpty;
        try {
            matchesEmpty = Pattern.compile(pattern).matcher("").matches();
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException("custom guardrail rule " + name + " has an invalid pattern: "
                    + e.getDescription() + " at index " + e.getIndex());
        }
        if (matchesEmpty) {
            throw new IllegalArgumentException("custom guardrail rule " + name + " matches the empty text");
        }
    }
}
