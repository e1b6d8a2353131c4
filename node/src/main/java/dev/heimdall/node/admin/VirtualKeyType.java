package dev.heimdall.node.admin;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.heimdall.governance.keys.KeyHash;
import dev.heimdall.governance.keys.VirtualKey;
import dev.heimdall.governance.store.EntityKind;
import dev.heimdall.governance.store.StoredEntity;
import dev.heimdall.governance.store.json.DocumentNode;
import dev.heimdall.governance.store.json.GovernanceDocuments;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Virtual keys: the gateway makes the secret, shows it once (on create and rotate) and stores only its hash. A
 * replace keeps the secret; the hash fields are never set by a client nor shown to one.
 */
final class VirtualKeyType implements EntityType {

    private static final List<References.Reference<VirtualKey>> REFERENCES = List.of(
            new References.Reference<>("team", EntityKind.TEAM, VirtualKey::teamId),
            new References.Reference<>("profile", EntityKind.ACCESS_PROFILE, VirtualKey::profileId),
            new References.Reference<>("guardrails", EntityKind.GUARDRAIL_POLICY, key -> key.overrides().guardrails()));

    @Override
    public EntityKind kind() {
        return EntityKind.VIRTUAL_KEY;
    }

    @Override
    public void dropReadOnly(ObjectNode body) {
        body.remove(List.of("hint", "previous-valid-until", "created-at"));
    }

    @Override
    public String generatedId() {
        return KeySecrets.newKeyId();
    }

    @Override
    public Prepared prepare(String id, ObjectNode body, StoredEntity current, WriteContext context) {
        AdminJson.read(() -> {
            DocumentNode.root(body).requireObject(GovernanceDocuments.KEY_SETTINGS_FIELDS);
            return body;
        });
        ObjectNode full = body.deepCopy();
        String secret = null;
        if (current == null) {
            secret = KeySecrets.newSecret();
            full.put("hash", KeyHash.of(secret).hex());
            full.put("hint", KeySecrets.hint(secret));
            full.put("created-at", context.now().toString());
        } else {
            ObjectNode stored = AdminJson.document(current);
            for (String field : GovernanceDocuments.KEY_STATE_FIELDS) {
                if (stored.has(field)) {
                    full.set(field, stored.get(field));
                }
            }
        }
        VirtualKey key = AdminJson.read(() -> GovernanceDocuments.virtualKey(full));
        REFERENCES.forEach(reference -> reference.check(context.store(), key));
        return new Prepared(GovernanceDocuments.write(key), secret);
    }

    /** A new secret for {@code current}; the old one keeps working for {@code grace} (not at all when zero). */
    Prepared rotate(StoredEntity current, Duration grace, Instant now) {
        VirtualKey old = GovernanceDocuments.virtualKey(AdminJson.document(current));
        String secret = KeySecrets.newSecret();
        boolean keepOld = !grace.isZero();
        VirtualKey rotated = new VirtualKey(old.id(), old.name(), KeyHash.of(secret), KeySecrets.hint(secret),
                keepOld ? old.hash() : null, keepOld ? now.plus(grace) : null, old.teamId(), old.profileId(),
                old.overrides(), old.enabled(), old.expiresAt(), old.tags(), old.createdAt());
        return new Prepared(GovernanceDocuments.write(rotated), secret);
    }

    @Override
    public ObjectNode view(StoredEntity stored) {
        return GovernanceDocuments.writeSettings(GovernanceDocuments.virtualKey(AdminJson.document(stored)));
    }

    @Override
    public void checkDelete(String id, WriteContext context) {
        // nothing refers to a key
    }
}
