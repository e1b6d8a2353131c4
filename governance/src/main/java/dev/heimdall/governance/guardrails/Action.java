package dev.heimdall.governance.guardrails;

import java.util.Locale;

/** What a guardrail does with a finding. */
public enum Action {
    /** Refuse the request (or stop the response); the finding names the rule, never the matched text. */
    BLOCK,
    /** Replace the matched text with a typed placeholder such as {@code [REDACTED:aws-access-token]}. */
    REDACT,
    /** Let the text pass unchanged and report the finding (for the audit log). */
    FLAG;

    /** Reads {@code block}, {@code redact} or {@code flag}, as written in the configuration. */
    public static Action parse(String name) {
        if (name != null) {
            for (Action action : values()) {
                if (action.configName().equalsIgnoreCase(name.strip())) {
                    return action;
                }
            }
        }
        throw new IllegalArgumentException("unknown guardrail action '" + name + "': expected block, redact or flag");
    }

    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
