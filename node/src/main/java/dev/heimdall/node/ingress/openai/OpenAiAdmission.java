package dev.heimdall.node.ingress.openai;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.heimdall.governance.routing.FallbackPlan;
import dev.heimdall.node.ingress.GovernedRoute;
import dev.heimdall.node.ingress.IngressRequests;
import dev.heimdall.node.ingress.Json;
import dev.heimdall.node.pipeline.Gateway;
import dev.heimdall.node.pipeline.RequestRecorder;
import dev.heimdall.node.pipeline.RequestScope;
import dev.heimdall.node.pipeline.RouteQuery;
import dev.heimdall.providers.spi.InvalidRequestException;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;

import java.util.Optional;
import java.util.function.Function;

/**
 * Admission for the OpenAI-format APIs (Chat Completions, Embeddings, Responses): parses the body and resolves the
 * model to a fallback plan, answering a rejected request in OpenAI's error shape (400 with {@code param}, 404
 * {@code model_not_found}) and recording it.
 */
public final class OpenAiAdmission {

    private final Gateway gateway;
    private final RequestRecorder recorder;

    public OpenAiAdmission(Gateway gateway, RequestRecorder recorder) {
        this.gateway = gateway;
        this.recorder = recorder;
    }

    /** Parses the body with {@code parser}; on bad input answers 400 and returns null. */
    public <T> T parse(RoutingContext ctx, RequestScope scope, Function<ObjectNode, T> parser) {
        try {
            return parser.apply(IngressRequests.jsonBody(ctx));
        } catch (Json.BadJson e) {
            reject(scope, ctx.response(), 400, e.getMessage(), null);
        } catch (InvalidRequestException e) {
            reject(scope, ctx.response(), 400, e.getMessage(), e.param());
        }
        return null;
    }

    /** The fallback plan for the model the client asked for; for an unknown model answers 404 and returns null. */
    public FallbackPlan plan(RequestScope scope, HttpServerResponse response, RouteQuery query) {
        String model = query.model();
        Optional<FallbackPlan> plan;
        try {
            plan = gateway.router().route(query, scope);
        } catch (InvalidRequestException e) {
            reject(scope, response, 400, e.getMessage(), e.param());
            return null;
        }
        if (plan.isEmpty()) {
            response.putHeader("x-request-id", scope.requestId());
            OpenAiErrors.send(response, 404, "The model `" + model + "` does not exist: use an alias from GET "
                    + "/v1/models or provider/model for a configured provider.", "invalid_request_error", "model",
                    "model_not_found");
            recorder.record(scope, 404, null);
            return null;
        }
        return GovernedRoute.admit(gateway, recorder, scope, response, plan.get(), query, true, OpenAiErrors::rejected);
    }

    private void reject(RequestScope scope, HttpServerResponse response, int status, String message, String param) {
        response.putHeader("x-request-id", scope.requestId());
        OpenAiErrors.invalidRequest(response, status, message, param);
        recorder.record(scope, status, null);
    }
}
