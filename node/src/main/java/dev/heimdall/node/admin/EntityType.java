package dev.heimdall.node.admin;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.heimdall.governance.store.EntityKind;
import dev.heimdall.governance.store.StoredEntity;

/**
 * What the admin API knows about one kind of entity: how a request body becomes the document to store, what a
 * reader sees of a stored one, and which other entities a change must not break. Every method runs on the admin
 * API's worker thread and may read the store through the context.
 */
interface EntityType {

    EntityKind kind();

    /**
     * Removes the fields a reader sees but a writer does not set ({@code hint}, {@code has-secret}, ...), so that
     * what GET returns can be sent back with PUT.
     */
    default void dropReadOnly(ObjectNode body) {
    }

    /** An id for an entity created without one, or null when the body must name it. */
    default String generatedId() {
        return null;
    }

    /**
     * Validates a body (already carrying {@code id}) into the document to store.
     *
     * @param current the entity it replaces, or null when it is created
     * @throws AdminFailure a 400 naming the field, or a 403 or 409
     */
    Prepared prepare(String id, ObjectNode body, StoredEntity current, WriteContext context);

    /** What readers see of a stored entity, without secrets. */
    ObjectNode view(StoredEntity stored);

    /** @throws AdminFailure a 409 while other entities still refer to this one */
    void checkDelete(String id, WriteContext context);

    /** The document to store, and a secret to show once in the answer (a new virtual key's), or null. */
    record Prepared(ObjectNode document, String secret) {
    }
}
