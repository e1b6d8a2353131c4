package dev.heimdall.governance.audit;

/**
 * Where audit records go as they are made. {@link #accept} is called on the request's event loop: it must neither
 * block nor fail; durability is the implementation's work, off that thread.
 */
@FunctionalInterface
public interface AuditSink {

    /** A sink that keeps nothing, for a node with the audit log switched off. */
    AuditSink NONE = record -> {
    };

    void accept(AuditRecord record);
}
