package dev.heimdall.governance.guardrails;

/** The families of guardrail rules; a policy sets an action per family and may refine it per rule. */
public enum Category {
    /** Credentials: the secret rule set (gitleaks' rules and Heimdall's own). */
    SECRETS("secrets"),
    /** Personal data: email addresses, phone numbers, payment cards, IBANs, US SSNs, IP addresses. */
    PII("pii"),
    /** Words and phrases an operator does not want sent or returned. */
    DENY_LIST("deny-list"),
    /** Operator-defined regular expressions, each with its own action. */
    CUSTOM("custom"),
    /** An external classifier's verdict on the whole text ({@link ModerationPolicy}). */
    MODERATION("moderation");

    private final String configName;

    Category(String configName) {
        this.configName = configName;
    }

    public String configName() {
        return configName;
    }

    /** Reads a family's name as written in the configuration: {@code secrets}, {@code pii}, {@code deny-list} ... */
    public static Category parse(String name) {
        for (Category category : values()) {
            if (category.configName.equalsIgnoreCase(name == null ? "" : name.strip())) {
                return category;
            }
        }
        throw new IllegalArgumentException("unknown guardrail family '" + name
                + "': expected secrets, pii, deny-list, custom or moderation");
    }
}
