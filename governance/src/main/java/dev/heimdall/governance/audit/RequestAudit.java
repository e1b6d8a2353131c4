package dev.heimdall.governance.audit;

import java.util.List;

/**
 * The audit record of one request, whichever way it ended (answered, fallen back, refused by a guardrail, a budget
 * or a rate limit, unauthenticated).
 *
 * @param keyId          the virtual key's id, or null when the request had none (or it was not valid)
 * @param keyName        the virtual key's name (never its secret), or null
 * @param requestedModel the model the client asked for, or null when the request was refused before it was read
 * @param rule           the routing rule that chose the route, or null
 * @param attempts       every upstream attempt, in order
 * @param provider       the provider of the last attempt (the one that answered, if any), or null when none was made
 * @param model          the model of the last attempt, or null
 * @param status         the HTTP status the client got (499: the client went away)
 * @param costMicros     what the request cost in micro-USD, or -1 when it is not known (no usage, or no price)
 * @param firstTokenMillis time from arrival to the first streamed bytes from the upstream, or -1 (not a stream)
 */
public record RequestAudit(String id, long timeMillis, String nodeId, String requestId, String ingress,
                           String keyId, String keyName, String teamId, String customerId, String requestedModel,
                           String rule, List<AuditAttempt> attempts, String provider, String model, int status,
                           long inputTokens, long outputTokens, long cachedTokens, long costMicros,
                           long latencyMillis, long firstTokenMillis, List<AuditFinding> findings,
                           AuditBodies bodies) implements AuditRecord {

    public RequestAudit {
        attempts = List.copyOf(attempts);
        findings = List.copyOf(findings);
        bodies = bodies == null ? AuditBodies.NONE : bodies;
    }

    @Override
    public Kind kind() {
        return Kind.REQUEST;
    }

    public RequestAudit withBodies(AuditBodies replaced) {
        return new RequestAudit(id, timeMillis, nodeId, requestId, ingress, keyId, keyName, teamId, customerId,
                requestedModel, rule, attempts, provider, model, status, inputTokens, outputTokens, cachedTokens,
                costMicros, latencyMillis, firstTokenMillis, findings, replaced);
    }
}
