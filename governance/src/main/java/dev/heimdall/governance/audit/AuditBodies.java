package dev.heimdall.governance.audit;

/**
 * A request's and its response's bodies as the audit log keeps them (per the {@link BodyPolicy}), each cut to the
 * configured size.
 *
 * @param request   the body the client sent, as text; null when not kept
 * @param response  what came back: the model's text and tool calls; null when not kept
 * @param truncated whether either was cut to the size limit
 */
public record AuditBodies(String request, String response, boolean truncated) {

    public static final AuditBodies NONE = new AuditBodies(null, null, false);

    public boolean isEmpty() {
        return request == null && response == null;
    }
}
