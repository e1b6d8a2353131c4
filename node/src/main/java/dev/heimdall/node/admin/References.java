package dev.heimdall.node.admin;

import dev.heimdall.governance.store.EntityKind;
import dev.heimdall.governance.store.GovernanceStore;
import dev.heimdall.governance.store.StoredEntity;

import java.util.List;
import java.util.function.Function;

/** Referential integrity between governance entities, checked on the admin worker before every write. */
final class References {

    private References() {
    }

    /** A field of record {@code T} that names another entity: the named one must exist. */
    record Reference<T>(String field, EntityKind target, Function<T, String> idOf) {

        void check(GovernanceStore store, T record) {
            String id = idOf.apply(record);
            if (id != null && store.get(target, id).isEmpty()) {
                throw AdminFailure.invalid(field, "No " + target.path() + " entry with id \"" + id + "\" exists.");
            }
        }
    }

    /** Entities of {@code kind} whose {@code field} names the entity being deleted. */
    record Referrer(EntityKind kind, String field) {

        void refuseDelete(GovernanceStore store, EntityKind deleted, String id) {
            List<String> users = store.list(kind).stream()
                    .filter(entity -> id.equals(AdminJson.document(entity).path(field).asText(null)))
                    .map(StoredEntity::id)
                    .sorted()
                    .toList();
            if (!users.isEmpty()) {
                throw AdminFailure.conflict(deleted.path() + "/" + id + " is still used by " + kind.path() + " "
                        + String.join(", ", users.subList(0, Math.min(5, users.size())))
                        + (users.size() > 5 ? " and " + (users.size() - 5) + " more" : "")
                        + " (their " + field + "); change or delete those first.");
            }
        }
    }
}
