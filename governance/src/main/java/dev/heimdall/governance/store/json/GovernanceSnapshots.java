package dev.heimdall.governance.store.json;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.heimdall.governance.keys.GovernanceSnapshot;
import dev.heimdall.governance.store.EntityKind;
import dev.heimdall.governance.store.GovernanceStore;
import dev.heimdall.governance.store.StoredEntity;

import java.util.List;
import java.util.function.Function;

/** Builds the key snapshot from the customers, teams, access profiles and virtual keys a store holds. */
public final class GovernanceSnapshots {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private GovernanceSnapshots() {
    }

    /**
     * Blocking: reads the store.
     *
     * @throws IllegalArgumentException naming the entity when a stored document is not valid or a reference points
     *                                  nowhere
     */
    public static GovernanceSnapshot load(GovernanceStore store) {
        return GovernanceSnapshot.of(
                read(store, EntityKind.CUSTOMER, GovernanceDocuments::customer),
                read(store, EntityKind.TEAM, GovernanceDocuments::team),
                read(store, EntityKind.ACCESS_PROFILE, GovernanceDocuments::profile),
                read(store, EntityKind.VIRTUAL_KEY, GovernanceDocuments::virtualKey));
    }

    private static <T> List<T> read(GovernanceStore store, EntityKind kind, Function<JsonNode, T> reader) {
        return store.list(kind).stream().map(entity -> decode(entity, reader)).toList();
    }

    private static <T> T decode(StoredEntity entity, Function<JsonNode, T> reader) {
        try {
            return reader.apply(MAPPER.readTree(entity.json()));
        } catch (JsonProcessingException | DocumentException e) {
            throw new IllegalArgumentException(entity.kind().path() + "/" + entity.id() + " is not a valid document: "
                    + (e instanceof DocumentException d ? d.getMessage() : "malformed JSON"), e);
        }
    }
}
