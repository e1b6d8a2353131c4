package dev.heimdall.cluster.store;

/** The database could not be opened, migrated or used. */
public final class StorageException extends RuntimeException {

    public StorageException(String message, Throwable cause) {
        super(message, cause);
    }
}
