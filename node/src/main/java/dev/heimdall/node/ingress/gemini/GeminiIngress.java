package dev.heimdall.node.ingress.gemini;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.heimdall.governance.routing.FallbackPlan;
import dev.heimdall.node.ingress.ChatRunner;
import dev.heimdall.node.ingress.GovernedRoute;
import dev.heimdall.node.ingress.GuardedInput;
import dev.heimdall.node.ingress.IngressRequests;
import dev.heimdall.node.ingress.Json;
import dev.heimdall.node.pipeline.Gateway;
import dev.heimdall.node.pipeline.RequestRecorder;
import dev.heimdall.node.pipeline.RequestScope;
import dev.heimdall.node.pipeline.RouteQuery;
import dev.heimdall.node.upstream.UpstreamClients;
import dev.heimdall.providers.canonical.ChatRequest;
import dev.heimdall.providers.gemini.GeminiRequestParser;
import dev.heimdall.providers.spi.InvalidRequestException;
import dev.heimdall.providers.tokens.TokenEstimator;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Gemini API ingress, for Gemini CLI and the Google GenAI SDKs: {@code POST /v1beta/models/{model}:generateContent},
 * {@code :streamGenerateContent} and {@code :countTokens}. Every upstream is reached through the canonical model.
 *
 * <p>The model is the path between {@code models/} and the method: an alias, or {@code provider/model} either with
 * its slash as is or URL-encoded ({@code openai%2Fgpt-4o-mini}); a repeated {@code models/} prefix is dropped. The
 * client's key ({@code x-goog-api-key} or {@code ?key=}) is not checked here and never logged.
 */
public final class GeminiIngress {

    private static final String INGRESS = "gemini";

    private final Gateway gateway;
    private final RequestRecorder recorder;
    private final ChatRunner runner;

    public GeminiIngress(Vertx vertx, Gateway gateway, UpstreamClients clients) {
        this.gateway = gateway;
        this.recorder = new RequestRecorder(gateway);
        this.runner = new ChatRunner(vertx, gateway, clients, recorder);
    }

    public void register(Router router) {
        // greedy: a model id may itself contain ':' (Bedrock's versions), the method is after the last one
        router.postWithRegex("/v1beta/models/(.+):(generateContent|streamGenerateContent|countTokens)")
                .handler(this::handle);
    }

    private void handle(RoutingContext ctx) {
        RequestScope scope = IngressRequests.scope(ctx, INGRESS);
        String model;
        try {
            model = modelOf(ctx.pathParam("param0"));
        } catch (IllegalArgumentException e) {
            reject(scope, ctx.response(), 400, "The model in the URL is not validly percent-encoded.");
            return;
        }
        String method = ctx.pathParam("param1");
        boolean stream = method.equals("streamGenerateContent");
        boolean count = method.equals("countTokens");
        ChatRequest parsed = parse(ctx, scope, model, stream, count);
        if (parsed == null) {
            return;
        }
        gateway.guardrails().screen(scope, parsed, !count, GuardedInput.then(recorder, scope, ctx.response(),
                GeminiErrors::rejected, passed -> run(ctx, scope, passed.request(), count)));
    }

    private void run(RoutingContext ctx, RequestScope scope, ChatRequest request, boolean count) {
        FallbackPlan plan = plan(scope, ctx.response(), IngressRequests.routeQuery(ctx, request), !count);
        if (plan == null) {
            return;
        }
        HttpServerResponse response = ctx.response();
        if (count) {
            // no upstream counts in Gemini's tokenizer unless it is Gemini; an estimate serves every provider alike
            ObjectNode answer = Json.MAPPER.createObjectNode().put("totalTokens", TokenEstimator.estimatePrompt(request));
            response.putHeader("x-request-id", scope.requestId())
                    .putHeader("content-type", "application/json; charset=UTF-8").end(Buffer.buffer(Json.bytes(answer)));
            recorder.record(scope, 200, null);
            return;
        }
        GeminiResponder responder = new GeminiResponder(response, scope, "sse".equals(ctx.request().getParam("alt")));
        runner.run(scope, response, plan, request, responder, responder::status);
    }

    /** The path's model, decoded once (without turning '+' into a space) and without the resource prefixes. */
    static String modelOf(String raw) {
        String model = URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8);
        while (model.startsWith("models/")) {
            model = model.substring("models/".length());
        }
        return model;
    }

    private ChatRequest parse(RoutingContext ctx, RequestScope scope, String model, boolean stream, boolean count) {
        try {
            ObjectNode body = IngressRequests.jsonBody(ctx);
            JsonNode wrapped = body.get("generateContentRequest");
            if (count && wrapped != null && wrapped.isObject()) {
                // countTokens takes either contents or a whole GenerateContentRequest
                body = (ObjectNode) wrapped;
            }
            return GeminiRequestParser.parse(model, body, stream);
        } catch (Json.BadJson e) {
            reject(scope, ctx.response(), 400, e.getMessage());
        } catch (InvalidRequestException e) {
            reject(scope, ctx.response(), 400, e.getMessage());
        }
        return null;
    }

    private FallbackPlan plan(RequestScope scope, HttpServerResponse response, RouteQuery query, boolean metered) {
        Optional<FallbackPlan> plan;
        try {
            plan = gateway.router().route(query, scope);
        } catch (InvalidRequestException e) {
            reject(scope, response, 400, e.getMessage());
            return null;
        }
        if (plan.isEmpty()) {
            reject(scope, response, 404, "models/" + query.model() + " is not found for API version v1beta (use an alias "
                    + "from GET /v1/models or provider/model for a configured provider).");
            return null;
        }
        return GovernedRoute.admit(gateway, recorder, scope, response, plan.get(), query, metered, GeminiErrors::rejected);
    }

    private void reject(RequestScope scope, HttpServerResponse response, int status, String message) {
        response.putHeader("x-request-id", scope.requestId());
        GeminiErrors.send(response, status, message);
        recorder.record(scope, status, null);
    }
}
