package dev.heimdall.node.ingress;

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
        if (scope.attemptsStarted() > 0) {
            response.putHeader("x-heimdall-provider", scope.provider())
                    .putHeader("x-heimdall-model", scope.model())
                    .putHeader("x-heimdall-key", scope.key())
                    .putHeader("x-heimdall-attempts", Integer.toString(scope.attemptsStarted()));
        }
    }
}
