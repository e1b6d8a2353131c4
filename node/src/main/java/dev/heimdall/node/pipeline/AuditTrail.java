package dev.heimdall.node.pipeline;

import dev.heimdall.governance.audit.AuditSink;
import dev.heimdall.governance.audit.BodyPolicy;

import java.time.Clock;

/**
 * Where this node's audit records go and what they keep: the sink, the node's name in them, the body policy and its
 * size limit, and the clock records are timed by.
 */
public record AuditTrail(AuditSink sink, String nodeId, BodyPolicy bodies, int maxBodyBytes, Clock clock) {

    /** No audit log. */
    public static final AuditTrail OFF = new AuditTrail(AuditSink.NONE, "none", BodyPolicy.NONE, 0, Clock.systemUTC());

    public boolean keepsBodies() {
        return bodies != BodyPolicy.NONE;
    }
}
