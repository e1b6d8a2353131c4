package dev.heimdall.node.pipeline;

import dev.heimdall.providers.canonical.Usage;

/**
 * The settle and record stages: when a request is over, its budget reservation is replaced by its actual cost, its
 * tokens are charged to its limits, and its metrics and its audit record are written, exactly once, whatever path it
 * ended on (the audit record is only queued here: it is stored off the event loop).
 */
public final class RequestRecorder {

    private final Gateway gateway;

    public RequestRecorder(Gateway gateway) {
        this.gateway = gateway;
    }

    public void record(RequestScope scope, int status, Usage usage) {
        if (!scope.markRecorded()) {
            return;
        }
        long now = System.nanoTime();
        var metrics = gateway.metrics();
        metrics.recordRequest(scope.ingress(), scope.provider(), scope.model(), status);
        metrics.recordOverhead(scope.overheadNanos(now));
        long cost = -1;
        if (usage != null && !"none".equals(scope.provider())) {
            var provider = gateway.provider(scope.provider());
            cost = gateway.usageMeter().costMicros(provider.adapter().type(), scope.model(), usage);
            metrics.recordUsage(scope.provider(), scope.model(), usage.promptTokens(), usage.completionTokens(),
                    Math.max(0, cost));
        }
        if (gateway.governance().settle(scope, status, usage, cost)) {
            metrics.recordEstimatedUsage(scope.provider(), scope.model());
        }
        AuditTrail audit = gateway.audit();
        audit.sink().accept(RequestAudits.of(scope, status, usage, cost, now, audit));
    }
}
