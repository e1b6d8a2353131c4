package dev.heimdall.governance.audit;

/**
 * The audit record of one change made through the admin API: who changed which entity, and how it looked before and
 * after, as readers of the admin API see it (provider credentials, header values and proxy passwords removed; a
 * virtual key's hash never shown).
 *
 * @param actor      the name of the admin token that made the change
 * @param role       that token's role
 * @param action     {@code created}, {@code replaced}, {@code deleted} or {@code rotated}
 * @param entityKind the admin API's collection ({@code virtual-keys}, {@code providers} ...)
 * @param version    the entity's version after the change, 0 after a delete
 * @param before     the entity as JSON before the change, or null when it was created
 * @param after      the entity as JSON after the change, or null when it was deleted
 */
public record AdminAudit(String id, long timeMillis, String nodeId, String actor, String role, String action,
                         String entityKind, String entityId, long version, String before, String after)
        implements AuditRecord {

    @Override
    public Kind kind() {
        return Kind.ADMIN;
    }
}
