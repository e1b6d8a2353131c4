package dev.heimdall.node.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.heimdall.governance.store.EntityKind;
import dev.heimdall.governance.store.GovernanceStore;
import dev.heimdall.node.config.RoutingDocumentException;
import dev.heimdall.node.config.RoutingDocuments;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Validates a change to providers, model aliases or routing rules the way the node will read them: all of them
 * together, through the configuration file's parser, so that a change can neither be malformed nor break another
 * entity (an alias whose provider is deleted, a target whose key is renamed).
 */
final class RoutingCheck {

    private static final List<EntityKind> ROUTING_KINDS =
            List.of(EntityKind.PROVIDER, EntityKind.MODEL_ALIAS, EntityKind.ROUTING_RULE);

    private final RoutingDocuments documents;

    RoutingCheck(RoutingDocuments documents) {
        this.documents = documents;
    }

    /**
     * @param document what {@code kind/id} will hold, or null when it is deleted
     * @throws AdminFailure a 400 naming the field when {@code document} itself is wrong, a 409 when the change
     *                      breaks another entity
     */
    void check(GovernanceStore store, EntityKind kind, String id, ObjectNode document) {
        Map<EntityKind, List<JsonNode>> docs = new EnumMap<>(EntityKind.class);
        for (EntityKind routing : ROUTING_KINDS) {
            List<JsonNode> ofKind = new ArrayList<>();
            store.list(routing).stream()
                    .filter(entity -> !(routing == kind && entity.id().equals(id)))
                    .forEach(entity -> ofKind.add(AdminJson.document(entity)));
            if (routing == kind && document != null) {
                ofKind.add(document);
            }
            docs.put(routing, ofKind);
        }
        try {
            documents.parse(docs.get(EntityKind.PROVIDER), docs.get(EntityKind.MODEL_ALIAS), docs.get(EntityKind.ROUTING_RULE));
        } catch (RoutingDocumentException e) {
            if (document != null && e.kind() == kind && id.equals(e.id())) {
                throw AdminFailure.invalid(e.field().isEmpty() ? "id" : e.field(), e.problem());
            }
            String broken = e.kind() == null ? "the routing configuration"
                    : e.kind().path() + "/" + e.id() + (e.field().isEmpty() ? "" : " (" + e.field() + ")");
            throw AdminFailure.conflict((document == null ? "Deleting " : "Writing ") + kind.path() + "/" + id
                    + " would break " + broken + ": " + e.problem());
        }
    }
}
