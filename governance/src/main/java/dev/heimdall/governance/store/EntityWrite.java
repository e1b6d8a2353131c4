package dev.heimdall.governance.store;

import java.time.Instant;
import java.util.Objects;

/** The arguments of {@link GovernanceStore#put}, checked alike for every store. */
public record EntityWrite(EntityKind kind, String id, String json, long expectedVersion, String origin) {

    public EntityWrite {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(json, "json");
        Objects.requireNonNull(origin, "origin");
        ExpectedVersion.requireValid(expectedVersion);
    }

    /** The entity as this write leaves it. */
    public StoredEntity stored(long version, Instant updatedAt) {
        return new StoredEntity(kind, id, json, version, updatedAt, origin);
    }
}
