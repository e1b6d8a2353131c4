package dev.heimdall.node.ingress;

import dev.heimdall.governance.routing.FallbackPlan;
import dev.heimdall.node.pipeline.Gateway;
import dev.heimdall.node.pipeline.GovernanceGate;
import dev.heimdall.node.pipeline.Rejection;
import dev.heimdall.node.pipeline.RequestRecorder;
import dev.heimdall.node.pipeline.RequestScope;
import dev.heimdall.node.pipeline.RouteQuery;
import io.vertx.core.http.HttpServerResponse;

import java.util.function.BiConsumer;

/**
 * The admission step every ingress API takes between routing and execution: the key's access, rate limits and
 * budget. A refusal is answered in the ingress's own error shape and recorded; nothing reaches a provider.
 */
public final class GovernedRoute {

    private GovernedRoute() {
    }

    /**
     * @param metered false for requests that cost nothing (token counting): only access is checked
     * @param render  writes a refusal in the ingress API's error shape
     * @return the plan narrowed to the targets the key may use, or null when the request was refused
     */
    public static FallbackPlan admit(Gateway gateway, RequestRecorder recorder, RequestScope scope,
                                     HttpServerResponse response, FallbackPlan plan, RouteQuery query, boolean metered,
                                     BiConsumer<HttpServerResponse, Rejection> render) {
        GovernanceGate.Admission admission = gateway.governance().admit(scope, plan, query, gateway::providerType,
                metered);
        if (admission instanceof GovernanceGate.Admission.Admitted admitted) {
            return admitted.plan();
        }
        refuse(recorder, scope, response, ((GovernanceGate.Admission.Refused) admission).rejection(), render);
        return null;
    }

    /** Answers a governance refusal in the ingress API's error shape and records it. */
    static void refuse(RequestRecorder recorder, RequestScope scope, HttpServerResponse response, Rejection rejection,
                       BiConsumer<HttpServerResponse, Rejection> render) {
        response.putHeader("x-request-id", scope.requestId());
        render.accept(response, rejection);
        recorder.record(scope, rejection.status(), null);
    }
}
