package dev.heimdall.node.governance;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.heimdall.governance.keys.KeyHash;
import dev.heimdall.governance.keys.VirtualKeySecrets;
import dev.heimdall.governance.store.EntityKind;
import dev.heimdall.governance.store.GovernanceStore;
import dev.heimdall.governance.store.StoredEntity;
import dev.heimdall.governance.store.VersionConflictException;
import dev.heimdall.governance.store.json.DocumentException;
import dev.heimdall.governance.store.json.GovernanceDocuments;
import dev.heimdall.node.config.ConfigException;
import dev.heimdall.node.config.GuardrailDocuments;
import dev.heimdall.node.config.SeedEntity;
import dev.heimdall.node.config.StorageConfig;

import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * Writes the governance entities the config file declares into the store at start-up. An entity that came from the
 * file is the file's to change: it is rewritten when the file says something else. An entity changed through the
 * admin API since ({@code origin = api}) keeps its stored version, unless {@code storage.seed: overwrite} says the
 * file wins. Virtual keys declared with a secret are stored as its hash, never the secret.
 */
public final class StoreSeeder {

    static final String ORIGIN = "config";
    private static final ObjectMapper JSON = new ObjectMapper();

    private StoreSeeder() {
    }

    /** Blocking. @throws ConfigException naming the file and path of an entity that is not valid */
    public static void seed(GovernanceStore store, List<SeedEntity> seeds, StorageConfig.SeedMode mode, Clock clock) {
        for (SeedEntity seed : seeds) {
            Optional<StoredEntity> stored = store.get(seed.kind(), seed.id());
            if (stored.isPresent() && mode == StorageConfig.SeedMode.KEEP && !ORIGIN.equals(stored.get().origin())) {
                continue;
            }
            ObjectNode document = validated(seed, stored, clock);
            String json = document.toString();
            if (stored.isPresent() && sameDocument(stored.get().json(), document)) {
                continue;
            }
            try {
                store.put(seed.kind(), seed.id(), json, stored.map(StoredEntity::version).orElse(0L), ORIGIN);
            } catch (VersionConflictException e) {
                // another node seeded the same file at the same moment: its write is as good as ours
            }
        }
    }

    private static ObjectNode validated(SeedEntity seed, Optional<StoredEntity> stored, Clock clock) {
        ObjectNode document = seed.document().deepCopy();
        try {
            return switch (seed.kind()) {
                case CUSTOMER -> GovernanceDocuments.write(GovernanceDocuments.customer(document));
                case TEAM -> GovernanceDocuments.write(GovernanceDocuments.team(document));
                case ACCESS_PROFILE -> GovernanceDocuments.write(GovernanceDocuments.profile(document));
                case VIRTUAL_KEY -> GovernanceDocuments.write(GovernanceDocuments.virtualKey(
                        keyDocument(document, seed.id(), stored, clock)));
                case GUARDRAIL_POLICY -> {
                    GuardrailDocuments.read(document);
                    yield document;
                }
                default -> throw new IllegalStateException("the config file does not seed " + seed.kind());
            };
        } catch (DocumentException e) {
            String field = e.field().isEmpty() ? seed.path() : seed.path() + "." + e.field();
            throw new ConfigException(seed.source(), field, e.problem());
        } catch (IllegalArgumentException e) {
            throw new ConfigException(seed.source(), seed.path(), e.getMessage());
        }
    }

    /** The file's key with its secret replaced by the hash and hint; created-at kept from the stored key. */
    private static ObjectNode keyDocument(ObjectNode document, String id, Optional<StoredEntity> stored, Clock clock) {
        String secret = document.remove("key").asText();
        document.remove("name");
        document.put("id", id).put("name", id);
        document.put("hash", KeyHash.of(secret).hex());
        document.put("hint", VirtualKeySecrets.hint(secret));
        String createdAt = stored.map(StoreSeeder::createdAt).orElse(clock.instant().toString());
        document.put("created-at", createdAt);
        return document;
    }

    private static String createdAt(StoredEntity entity) {
        try {
            JsonNode created = JSON.readTree(entity.json()).get("created-at");
            return created == null ? null : created.asText();
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    private static boolean sameDocument(String storedJson, JsonNode document) {
        try {
            return JSON.readTree(storedJson).equals(document);
        } catch (JsonProcessingException e) {
            return false;
        }
    }
}
