package dev.heimdall.governance.audit;

import java.util.Locale;

/** Which request and response bodies the audit log keeps. */
public enum BodyPolicy {
    /** No bodies. */
    NONE,
    /** Bodies with every secret and every piece of personal data replaced by a {@code [REDACTED:<rule>]} placeholder. */
    REDACTED,
    /** Bodies as they were sent and received. */
    FULL;

    /** Reads {@code none}, {@code redacted} or {@code full}, as written in the configuration. */
    public static BodyPolicy parse(String name) {
        for (BodyPolicy policy : values()) {
            if (policy.name().toLowerCase(Locale.ROOT).equals(name)) {
                return policy;
            }
        }
        throw new IllegalArgumentException("expected none, redacted or full, got " + name);
    }
}
