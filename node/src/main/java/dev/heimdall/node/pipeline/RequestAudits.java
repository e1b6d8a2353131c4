package dev.heimdall.node.pipeline;

import dev.heimdall.governance.audit.AuditAttempt;
import dev.heimdall.governance.audit.AuditBodies;
import dev.heimdall.governance.audit.AuditFinding;
import dev.heimdall.governance.audit.AuditIds;
import dev.heimdall.governance.audit.RequestAudit;
import dev.heimdall.governance.keys.KeyContext;
import dev.heimdall.providers.canonical.Usage;
import io.vertx.core.buffer.Buffer;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** The audit record of a request that is over, from what its scope gathered on the way. */
final class RequestAudits {

    private static final String NONE = "none";

    private RequestAudits() {
    }

    /**
     * @param costMicros the priced usage, or negative when it is not known
     * @param nowNanos   when the request ended ({@link System#nanoTime()})
     */
    static RequestAudit of(RequestScope scope, int status, Usage usage, long costMicros, long nowNanos,
                           AuditTrail trail) {
        long latencyMillis = Math.max(0, (nowNanos - scope.startNanos()) / 1_000_000);
        long time = trail.clock().millis() - latencyMillis;
        KeyContext key = scope.keyContext();
        List<AuditAttempt> attempts = new ArrayList<>(scope.attempts().size());
        for (AttemptRecord attempt : scope.attempts()) {
            attempts.add(new AuditAttempt(attempt.provider(), attempt.key(), attempt.model(), attempt.status(),
                    attempt.latencyMicros() / 1_000, "ok".equals(attempt.outcome()) ? null : attempt.outcome()));
        }
        boolean reached = !NONE.equals(scope.provider());
        long firstToken = scope.firstTokenNanos() < 0 ? -1
                : Math.max(0, (scope.firstTokenNanos() - scope.startNanos()) / 1_000_000);
        return new RequestAudit(AuditIds.next(time), time, trail.nodeId(), scope.requestId(), scope.ingress(),
                key == null ? null : key.key().id(), key == null ? null : key.key().name(),
                key == null || key.team() == null ? null : key.team().id(),
                key == null || key.customer() == null ? null : key.customer().id(),
                scope.requestedModel(), scope.rule(), attempts,
                reached ? scope.provider() : null, reached ? scope.model() : null, status,
                usage == null ? 0 : usage.promptTokens(), usage == null ? 0 : usage.completionTokens(),
                usage == null ? 0 : usage.cachedPromptTokens(), usage == null || costMicros < 0 ? -1 : costMicros,
                latencyMillis, firstToken, scope.guardrailFindings().stream().map(AuditFinding::of).toList(),
                trail.keepsBodies() ? bodies(scope, trail.maxBodyBytes()) : AuditBodies.NONE);
    }

    /** The client's body and the answer's text, each cut to the limit (a cut character decodes as U+FFFD). */
    private static AuditBodies bodies(RequestScope scope, int maxBytes) {
        Buffer body = scope.requestBody();
        String request = null;
        boolean truncated = false;
        if (body != null) {
            int length = Math.min(body.length(), maxBytes);
            truncated = length < body.length();
            request = new String(body.getBytes(0, length), StandardCharsets.UTF_8);
        }
        ResponseText response = scope.responseText();
        if (response != null) {
            truncated |= response.truncated();
        }
        return new AuditBodies(request, response == null ? null : response.text(), truncated);
    }
}
