package dev.heimdall.governance.store;

/**
 * One successful write to the governance store: which entity, and its version after the write (0 after a delete).
 */
public record GovernanceChange(EntityKind kind, String id, Type type, long version) {

    public enum Type { CREATED, REPLACED, DELETED }
}
