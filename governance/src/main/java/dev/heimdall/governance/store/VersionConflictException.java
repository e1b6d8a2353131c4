package dev.heimdall.governance.store;

/** A write expected another version of the entity than the one stored (someone else changed it first). */
public final class VersionConflictException extends RuntimeException {

    public VersionConflictException(EntityKind kind, String id, long expected, long actual) {
        super(kind.path() + "/" + id + " is at version " + actual + ", not " + expected);
    }
}
