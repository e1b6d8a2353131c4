package dev.heimdall.governance.store;

import java.time.Instant;

/**
 * One entity as stored: its JSON document and a version that every write increments, for optimistic concurrency
 * ({@code If-Match}) and for telling which side of a config-file seed is newer. {@code origin} says who wrote it last:
 * {@code config} (seeded from the file) or {@code api}.
 */
public record StoredEntity(EntityKind kind, String id, String json, long version, Instant updatedAt, String origin) {
}
