package dev.heimdall.node.config;

import dev.heimdall.governance.store.EntityKind;

/**
 * A routing document that the configuration parser rejects: which entity ({@code kind} and {@code id}, both null
 * when the problem is not one entity's), which field inside it (empty for the entity as a whole), and what is wrong,
 * free of secrets.
 */
public final class RoutingDocumentException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient EntityKind kind;
    private final String id;
    private final String field;
    private final String problem;

    public RoutingDocumentException(EntityKind kind, String id, String field, String problem) {
        super((kind == null ? "" : kind.path() + "/" + id + ": ") + (field.isEmpty() ? "" : field + ": ") + problem);
        this.kind = kind;
        this.id = id;
        this.field = field;
        this.problem = problem;
    }

    public EntityKind kind() {
        return kind;
    }

    public String id() {
        return id;
    }

    public String field() {
        return field;
    }

    public String problem() {
        return problem;
    }
}
