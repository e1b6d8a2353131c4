package dev.heimdall.node.admin;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.heimdall.governance.store.EntityKind;
import dev.heimdall.governance.store.StoredEntity;

/**
 * Model aliases and routing rules: documents in the YAML file's own field names, stored as given once the routing
 * configuration they belong to still parses.
 */
final class RoutingEntityType implements EntityType {

    private final EntityKind kind;
    private final RoutingCheck check;

    RoutingEntityType(EntityKind kind, RoutingCheck check) {
        this.kind = kind;
        this.check = check;
    }

    @Override
    public EntityKind kind() {
        return kind;
    }

    @Override
    public Prepared prepare(String id, ObjectNode body, StoredEntity current, WriteContext context) {
        check.check(context.store(), kind, id, body);
        return new Prepared(body, null);
    }

    @Override
    public ObjectNode view(StoredEntity stored) {
        return AdminJson.document(stored);
    }

    @Override
    public void checkDelete(String id, WriteContext context) {
        check.check(context.store(), kind, id, null);
    }
}
