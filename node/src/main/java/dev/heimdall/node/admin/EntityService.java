package dev.heimdall.node.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.heimdall.governance.store.EntityKind;
import dev.heimdall.governance.store.ExpectedVersion;
import dev.heimdall.governance.store.GovernanceChange;
import dev.heimdall.governance.store.GovernanceChangeListener;
import dev.heimdall.governance.store.GovernanceStore;
import dev.heimdall.governance.store.StoredEntity;
import dev.heimdall.governance.store.VersionConflictException;
import dev.heimdall.governance.store.json.DocumentNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Create, read, replace, patch and delete of every entity kind, with optimistic concurrency on the store's versions.
 * Blocking: runs on the admin API's single worker thread, which also serialises the checks and writes of one node.
 */
final class EntityService {

    private static final Logger LOG = LoggerFactory.getLogger(EntityService.class);
    static final String ORIGIN = "api";
    static final int DEFAULT_PAGE = 100;
    static final int MAX_PAGE = 1000;
    private static final List<String> ENVELOPE = List.of("version", "updated-at", "origin");
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:@+-]{0,127}");
    private static final Duration MAX_GRACE = Duration.ofDays(30);

    private final GovernanceStore store;
    private final Map<EntityKind, EntityType> types;
    private final VirtualKeyType keys;
    private final GovernanceChangeListener listener;
    private final AdminChanges changes;
    private final Clock clock;

    EntityService(GovernanceStore store, List<EntityType> types, VirtualKeyType keys, GovernanceChangeListener listener,
                  AdminChanges changes, Clock clock) {
        this.store = store;
        this.changes = changes;
        this.types = new EnumMap<>(EntityKind.class);
        types.forEach(type -> this.types.put(type.kind(), type));
        this.types.put(EntityKind.VIRTUAL_KEY, keys);
        this.keys = keys;
        this.listener = listener;
        this.clock = clock;
    }

    AdminReply list(EntityKind kind, int limit, String cursor) {
        String after = cursor == null ? null : decodeCursor(cursor);
        EntityType type = types.get(kind);
        List<StoredEntity> page = store.list(kind).stream()
                .filter(entity -> after == null || entity.id().compareTo(after) > 0)
                .sorted(Comparator.comparing(StoredEntity::id))
                .limit(limit + 1L)
                .toList();
        ObjectNode body = AdminJson.NODES.objectNode();
        ArrayNode data = body.putArray("data");
        page.stream().limit(limit).forEach(entity -> data.add(withEnvelope(type.view(entity), entity)));
        if (page.size() > limit) {
            body.put("next-cursor", encodeCursor(page.get(limit - 1).id()));
        } else {
            body.putNull("next-cursor");
        }
        return AdminReply.ok(body);
    }

    AdminReply get(EntityKind kind, String id) {
        StoredEntity entity = existing(kind, id);
        return AdminReply.ok(withEnvelope(types.get(kind).view(entity), entity), entity.version());
    }

    AdminReply create(EntityKind kind, ObjectNode body, AdminPrincipal who) {
        EntityType type = types.get(kind);
        String id = body.has("id") ? idOf(body) : type.generatedId();
        if (id == null) {
            throw AdminFailure.invalid("id", "Expected an id.");
        }
        if (store.get(kind, id).isPresent()) {
            throw AdminFailure.conflict(kind.path() + "/" + id + " exists already; replace it with PUT.");
        }
        body.put("id", id);
        EntityType.Prepared prepared = prepare(type, id, body, null, who);
        StoredEntity stored;
        try {
            stored = store.put(kind, id, AdminJson.write(prepared.document()), ExpectedVersion.ABSENT, ORIGIN);
        } catch (VersionConflictException e) {
            throw AdminFailure.conflict(kind.path() + "/" + id + " was created by someone else meanwhile.");
        }
        notify(kind, id, GovernanceChange.Type.CREATED, stored.version(), who);
        changes.record(who, "created", kind, id, stored.version(), null, type.view(stored));
        ObjectNode view = withEnvelope(type.view(stored), stored);
        if (prepared.secret() != null) {
            view.put("secret", prepared.secret());
        }
        return AdminReply.created(view, "/admin/v1/" + kind.path() + "/" + id, stored.version());
    }

    AdminReply replace(EntityKind kind, String id, ObjectNode body, Long ifMatch, AdminPrincipal who) {
        StoredEntity current = existing(kind, id);
        requireMatch(current, ifMatch);
        if (body.has("id") && !id.equals(idOf(body))) {
            throw AdminFailure.invalid("id", "The id in the body differs from the one in the URL; ids cannot change.");
        }
        body.put("id", id);
        EntityType type = types.get(kind);
        EntityType.Prepared prepared = prepare(type, id, body, current, who);
        StoredEntity stored = write(current, prepared, ifMatch);
        notify(kind, id, GovernanceChange.Type.REPLACED, stored.version(), who);
        changes.record(who, "replaced", kind, id, stored.version(), type.view(current), type.view(stored));
        return AdminReply.ok(withEnvelope(type.view(stored), stored), stored.version());
    }

    /** A JSON merge patch (RFC 7386) of what GET shows, then a replace. */
    AdminReply patch(EntityKind kind, String id, ObjectNode patch, Long ifMatch, AdminPrincipal who) {
        StoredEntity current = existing(kind, id);
        requireMatch(current, ifMatch);
        ObjectNode merged = types.get(kind).view(current);
        mergePatch(merged, patch);
        return replace(kind, id, merged, ifMatch == null ? current.version() : ifMatch, who);
    }

    AdminReply delete(EntityKind kind, String id, Long ifMatch, AdminPrincipal who) {
        StoredEntity current = existing(kind, id);
        requireMatch(current, ifMatch);
        types.get(kind).checkDelete(id, new WriteContext(store, who, clock.instant()));
        if (!store.delete(kind, id)) {
            throw AdminFailure.notFound(kind.path() + "/" + id + " was deleted by someone else meanwhile.");
        }
        notify(kind, id, GovernanceChange.Type.DELETED, 0, who);
        changes.record(who, "deleted", kind, id, 0, types.get(kind).view(current), null);
        return AdminReply.noContent();
    }

    /** A new secret for a virtual key, shown once; the old one stays valid for {@code grace-seconds}. */
    AdminReply rotate(String id, ObjectNode body, Long ifMatch, AdminPrincipal who) {
        StoredEntity current = existing(EntityKind.VIRTUAL_KEY, id);
        requireMatch(current, ifMatch);
        long graceSeconds = AdminJson.read(() -> {
            DocumentNode doc = DocumentNode.root(body);
            doc.requireObject(List.of("grace-seconds"));
            return doc.field("grace-seconds").integer(0, MAX_GRACE.toSeconds(), 0);
        });
        EntityType.Prepared prepared = keys.rotate(current, Duration.ofSeconds(graceSeconds), clock.instant());
        StoredEntity stored = write(current, prepared, ifMatch);
        notify(EntityKind.VIRTUAL_KEY, id, GovernanceChange.Type.REPLACED, stored.version(), who);
        changes.record(who, "rotated", EntityKind.VIRTUAL_KEY, id, stored.version(), keys.view(current),
                keys.view(stored));
        ObjectNode view = withEnvelope(keys.view(stored), stored);
        view.put("secret", prepared.secret());
        return AdminReply.ok(view, stored.version());
    }

    private EntityType.Prepared prepare(EntityType type, String id, ObjectNode body, StoredEntity current,
                                        AdminPrincipal who) {
        body.remove(ENVELOPE);
        type.dropReadOnly(body);
        return type.prepare(id, body, current, new WriteContext(store, who, clock.instant()));
    }

    private StoredEntity write(StoredEntity current, EntityType.Prepared prepared, Long ifMatch) {
        try {
            return store.put(current.kind(), current.id(), AdminJson.write(prepared.document()), current.version(), ORIGIN);
        } catch (VersionConflictException e) {
            String message = current.kind().path() + "/" + current.id() + " was changed by someone else meanwhile; read it again.";
            throw ifMatch != null ? AdminFailure.preconditionFailed(message) : AdminFailure.conflict(message);
        }
    }

    private StoredEntity existing(EntityKind kind, String id) {
        if (!ID.matcher(id).matches()) {
            throw AdminFailure.notFound("No " + kind.path() + " entry with that id.");
        }
        return store.get(kind, id).orElseThrow(() ->
                AdminFailure.notFound("No " + kind.path() + " entry with id \"" + id + "\"."));
    }

    private static void requireMatch(StoredEntity current, Long ifMatch) {
        if (ifMatch != null && ifMatch != current.version()) {
            throw AdminFailure.preconditionFailed(current.kind().path() + "/" + current.id() + " is at version "
                    + current.version() + ", not " + ifMatch + "; read it again.");
        }
    }

    private static String idOf(ObjectNode body) {
        JsonNode id = body.get("id");
        if (id == null || !id.isTextual() || !ID.matcher(id.textValue()).matches()) {
            throw AdminFailure.invalid("id", "Expected an id of 1 to 128 letters, digits and . _ : @ + - (starting with"
                    + " a letter or digit).");
        }
        return id.textValue();
    }

    private static ObjectNode withEnvelope(ObjectNode view, StoredEntity stored) {
        view.put("version", stored.version());
        view.put("updated-at", stored.updatedAt().toString());
        view.put("origin", stored.origin());
        return view;
    }

    private void notify(EntityKind kind, String id, GovernanceChange.Type type, long version, AdminPrincipal who) {
        LOG.info("admin {} {} {}/{} (version {})", who.name(), type.name().toLowerCase(Locale.ROOT),
                kind.path(), id, version);
        try {
            listener.changed(new GovernanceChange(kind, id, type, version));
        } catch (RuntimeException e) {
            // the write has committed; a failing listener must not make it look failed
            LOG.warn("governance change listener failed on {}/{}: {}", kind.path(), id, e.toString());
        }
    }

    private static void mergePatch(ObjectNode target, ObjectNode patch) {
        for (Iterator<Map.Entry<String, JsonNode>> fields = patch.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            JsonNode value = field.getValue();
            if (value.isNull()) {
                target.remove(field.getKey());
            } else if (value.isObject() && target.get(field.getKey()) instanceof ObjectNode existing) {
                mergePatch(existing, (ObjectNode) value);
            } else {
                target.set(field.getKey(), value.deepCopy());
            }
        }
    }

    private static String encodeCursor(String id) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(id.getBytes(StandardCharsets.UTF_8));
    }

    private static String decodeCursor(String cursor) {
        try {
            return new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw AdminFailure.invalid("cursor", "Expected a cursor from a previous page's next-cursor.");
        }
    }
}
