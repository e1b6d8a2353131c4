package dev.heimdall.governance.hierarchy;

import java.util.Objects;

/** An entity that limits and budgets are charged to: a virtual key, a team or a customer. */
public record Owner(Level level, String id) {

    public Owner {
        Objects.requireNonNull(level, "level");
        if (id == null || id.isEmpty()) {
            throw new IllegalArgumentException("an owner needs an id");
        }
    }

    /** Its name in quota counters and ledger lines: {@code team:ml}. */
    public String subject() {
        return level.prefix() + ":" + id;
    }

    /** How error messages name it: {@code virtual key 'vk_1'}. */
    public String describe() {
        return level.noun() + " '" + id + "'";
    }
}
