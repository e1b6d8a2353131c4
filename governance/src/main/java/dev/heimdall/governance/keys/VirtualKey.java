package dev.heimdall.governance.keys;

import java.time.Instant;
import java.util.Map;

/**
 * A client's credential and the policy bound to it. Only the hash of the secret is kept; {@code hint} is its
 * prefix and last four characters, enough for a human to recognise it. After a rotation the previous secret keeps
 * working until {@code previousValidUntil}.
 */
public record VirtualKey(String id, String name, KeyHash hash, String hint, KeyHash previousHash,
                         Instant previousValidUntil, String teamId, String profileId, PolicySpec overrides,
                         boolean enabled, Instant expiresAt, Map<String, String> tags, Instant createdAt) {

    public VirtualKey {
        Ids.requireSlug("virtual key", id);
        if (name == null || name.isBlank()) {
            name = id;
        }
        if (hash == null) {
            throw new IllegalArgumentException("virtual key " + id + " has no hash");
        }
        if (previousHash != null && previousValidUntil == null) {
            throw new IllegalArgumentException("virtual key " + id + ": a previous secret needs an end of its grace period");
        }
        overrides = overrides == null ? PolicySpec.EMPTY : overrides;
        tags = tags == null ? Map.of() : Map.copyOf(tags);
    }

    /** Usable at {@code now}: enabled and not expired. */
    public boolean activeAt(Instant now) {
        return enabled && (expiresAt == null || now.isBefore(expiresAt));
    }

    /** Whether {@code presented} is this key's current secret, or its previous one still in its grace period. */
    public boolean accepts(KeyHash presented, Instant now) {
        if (hash.equals(presented)) {
            return true;
        }
        return previousHash != null && previousHash.equals(presented) && now.isBefore(previousValidUntil);
    }
}
