package dev.heimdall.node.admin;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.heimdall.governance.keys.VirtualKey;
import dev.heimdall.governance.keys.VirtualKeySecrets;
import dev.heimdall.governance.store.EntityKind;
import dev.heimdall.governance.store.StoredEntity;
import dev.heimdall.governance.store.json.DocumentNode;
import dev.heimdall.governance.store.json.GovernanceDocuments;

import java.security.SecureRandom;
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
    private static final String ID_ALPHABET = "0123456789abcdefghijklmnopqrstuvwxyz";

    private final SecureRandom random = new SecureRandom();
    private final VirtualKeySecrets secrets = new VirtualKeySecrets(random);

    @Override
    public EntityKind kind() {
        return EntityKind.VIRTUAL_KEY;
    }

    @Override
    public void dropReadOnly(ObjectNode body) {
        body.remove(List.of("hint", "previous-valid-until", "created-at"));
    }

    /** {@code vk-} and 12 random characters: ids appear in URLs, metrics and logs, so they say nothing secret. */
    @Override
    public String generatedId() {
        StringBuilder id = new StringBuilder("vk-");
        for (int i = 0; i < 12; i++) {
            id.append(ID_ALPHABET.charAt(random.nextInt(ID_ALPHABET.length())));
        }
        return id.toString();
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
            VirtualKeySecrets.Issued issued = secrets.issue();
            secret = issued.secret();
            full.put("hash", issued.hash().hex());
            full.put("hint", issued.hint());
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
        VirtualKeySecrets.Issued issued = secrets.issue();
        boolean keepOld = !grace.isZero();
        VirtualKey rotated = new VirtualKey(old.id(), old.name(), issued.hash(), issued.hint(),
                keepOld ? old.hash() : null, keepOld ? now.plus(grace) : null, old.teamId(), old.profileId(),
                old.overrides(), old.enabled(), old.expiresAt(), old.tags(), old.createdAt());
        return new Prepared(GovernanceDocuments.write(rotated), issued.secret());
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
