package dev.heimdall.node.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.heimdall.governance.store.EntityKind;
import dev.heimdall.governance.store.StoredEntity;

import java.util.List;
import java.util.function.Function;

/**
 * An entity read into a governance record (customer, team, access profile, guardrail policy): the record's own
 * reader validates it, the record's writer normalises what is stored, and references are checked both ways.
 *
 * @param <T> the record
 */
final class GovernanceEntityType<T> implements EntityType {

    private final EntityKind kind;
    private final Function<JsonNode, T> reader;
    private final Function<T, ObjectNode> writer;
    private final List<References.Reference<T>> references;
    private final List<References.Referrer> referrers;

    /** @param referrers what refuses a delete while it names this entity */
    GovernanceEntityType(EntityKind kind, Function<JsonNode, T> reader, Function<T, ObjectNode> writer,
                         List<References.Reference<T>> references, List<References.Referrer> referrers) {
        this.kind = kind;
        this.reader = reader;
        this.writer = writer;
        this.references = references;
        this.referrers = referrers;
    }

    @Override
    public EntityKind kind() {
        return kind;
    }

    @Override
    public Prepared prepare(String id, ObjectNode body, StoredEntity current, WriteContext context) {
        T record = AdminJson.read(() -> reader.apply(body));
        references.forEach(reference -> reference.check(context.store(), record));
        return new Prepared(writer.apply(record), null);
    }

    @Override
    public ObjectNode view(StoredEntity stored) {
        return AdminJson.document(stored);
    }

    @Override
    public void checkDelete(String id, WriteContext context) {
        referrers.forEach(referrer -> referrer.refuseDelete(context.store(), kind, id));
    }
}
