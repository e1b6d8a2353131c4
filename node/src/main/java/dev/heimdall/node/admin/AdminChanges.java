package dev.heimdall.node.admin;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.heimdall.governance.audit.AdminAudit;
import dev.heimdall.governance.audit.AuditIds;
import dev.heimdall.governance.store.EntityKind;
import dev.heimdall.node.pipeline.AuditTrail;

import java.util.Locale;

/**
 * The audit records of admin changes: who changed which entity, and the entity before and after as readers see it
 * (the entity type's view: no provider credential, header value or proxy password, no key hash).
 */
final class AdminChanges {

    private final AuditTrail trail;

    AdminChanges(AuditTrail trail) {
        this.trail = trail;
    }

    /**
     * @param action  {@code created}, {@code replaced}, {@code deleted} or {@code rotated}
     * @param version the entity's version after the change, 0 after a delete
     * @param before  the view before the change, or null when it was created
     * @param after   the view after the change, or null when it was deleted
     */
    void record(AdminPrincipal who, String action, EntityKind kind, String id, long version, ObjectNode before,
                ObjectNode after) {
        long now = trail.clock().millis();
        trail.sink().accept(new AdminAudit(AuditIds.next(now), now, trail.nodeId(), who.name(),
                who.role().name().toLowerCase(Locale.ROOT), action, kind.path(), id, version,
                before == null ? null : AdminJson.write(before), after == null ? null : AdminJson.write(after)));
    }
}
