package dev.heimdall.governance.keys;

/**
 * A reusable policy template. Keys reference it by id and follow later changes to it; budgets it declares apply to
 * each key that uses it (every key gets its own ledger line), not to all of them together.
 */
public record AccessProfile(String id, String description, PolicySpec policy) {

    public AccessProfile {
        Ids.requireSlug("access profile", id);
        policy = policy == null ? PolicySpec.EMPTY : policy;
    }
}
