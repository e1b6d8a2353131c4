package dev.heimdall.node.ingress;

import dev.heimdall.governance.limits.RateLimitDecision;
import dev.heimdall.node.pipeline.GovernanceTicket;
import dev.heimdall.node.pipeline.RequestScope;
import io.vertx.core.http.HttpServerResponse;

/** The headers that tell a client where its request went, on every answer of every ingress API. */
public final class ResponseHeaders {

    private ResponseHeaders() {
    }

    public static void routing(HttpServerResponse response, RequestScope scope) {
        if (response.headWritten()) {
            return;
        }
        response.putHeader("x-request-id", scope.requestId());
        if (scope.rule() != null) {
            response.putHeader("x-heimdall-rule", scope.rule());
        }
        rateLimits(response, scope);
        if (scope.attemptsStarted() > 0) {
            response.putHeader("x-heimdall-provider", scope.provider())
                    .putHeader("x-heimdall-model", scope.model())
                    .putHeader("x-heimdall-key", scope.key())
                    .putHeader("x-heimdall-attempts", Integer.toString(scope.attemptsStarted()));
        }
    }

    /** OpenAI's {@code x-ratelimit-*} headers for the tightest request and token limits that admitted the request. */
    static void rateLimits(HttpServerResponse response, RequestScope scope) {
        GovernanceTicket ticket = scope.ticket();
        if (ticket == null) {
            return;
        }
        long nowMillis = ticket.admittedAtMillis();
        status(response, "requests", ticket.limits().requests(), nowMillis);
        status(response, "tokens", ticket.limits().tokens(), nowMillis);
    }

    private static void status(HttpServerResponse response, String kind, RateLimitDecision.Status status, long nowMillis) {
        if (status == null) {
            return;
        }
        response.putHeader("x-ratelimit-limit-" + kind, Long.toString(status.limit()))
                .putHeader("x-ratelimit-remaining-" + kind, Long.toString(Math.max(0, status.remaining())))
                .putHeader("x-ratelimit-reset-" + kind, duration(status.resetAtMillis() - nowMillis));
    }

    /** A duration the way OpenAI writes its resets: {@code 250ms}, {@code 17s}, {@code 6m0s}, {@code 2h5m0s}. */
    static String duration(long millis) {
        if (millis < 1000) {
            return Math.max(0, millis) + "ms";
        }
        long seconds = (millis + 999) / 1000;
        long hours = seconds / 3600;
        long minutes = seconds % 3600 / 60;
        long rest = seconds % 60;
        if (hours > 0) {
            return hours + "h" + minutes + "m" + rest + "s";
        }
        return minutes > 0 ? minutes + "m" + rest + "s" : rest + "s";
    }
}
