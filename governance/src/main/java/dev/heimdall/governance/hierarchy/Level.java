package dev.heimdall.governance.hierarchy;

/**
 * A level of the hierarchy customer -> team -> virtual key. Budgets and rate limits can be set at each; every one
 * that applies to a request is checked and charged.
 */
public enum Level {
    KEY("key", "virtual key"),
    TEAM("team", "team"),
    CUSTOMER("customer", "customer");

    private final String prefix;
    private final String noun;

    Level(String prefix, String noun) {
        this.prefix = prefix;
        this.noun = noun;
    }

    /** The prefix of counter subjects and ledger owners at this level ({@code key:vk_1}). */
    public String prefix() {
        return prefix;
    }

    /** How a message names this level to a client ({@code virtual key 'vk_1'}). */
    public String noun() {
        return noun;
    }
}
