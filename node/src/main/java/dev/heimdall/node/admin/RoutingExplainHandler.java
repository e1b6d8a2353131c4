package dev.heimdall.node.admin;

import dev.heimdall.governance.routing.RouteDecision;
import dev.heimdall.node.ingress.IngressRequests;
import dev.heimdall.node.ingress.Json;
import dev.heimdall.node.ingress.openai.OpenAiErrors;
import dev.heimdall.node.pipeline.Gateway;
import dev.heimdall.node.pipeline.RouteQuery;
import dev.heimdall.providers.canonical.ChatRequest;
import dev.heimdall.providers.openai.OpenAiChatParser;
import dev.heimdall.providers.spi.InvalidRequestException;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.util.Optional;

/**
 * {@code GET|POST /admin/v1/routing/explain}: takes a Chat Completions request body (with its
 * {@code x-heimdall-meta-*} and {@code x-heimdall-fallbacks} headers, and {@code ?ingress=} to evaluate rules as
 * another API would) and answers how it would be routed right now, without calling any provider: see
 * {@link RouteExplanation}. Its own handler so that admin authentication can wrap it.
 */
public final class RoutingExplainHandler {

    /** Under {@code /admin/v1}, behind the admin tokens. */
    public static final String PATH = "/routing/explain";

    private final Gateway gateway;
    private final RouteExplanation explanation;

    public RoutingExplainHandler(Gateway gateway) {
        this.gateway = gateway;
        this.explanation = new RouteExplanation(gateway);
    }

    /** @param adminApi the admin API's router, which reads bodies of every method (a GET with one included) */
    public void register(Router adminApi) {
        adminApi.get(PATH).handler(this::explain);
        adminApi.post(PATH).handler(this::explain);
    }

    private void explain(RoutingContext ctx) {
        ChatRequest request;
        RouteQuery query;
        Optional<RouteDecision> decision;
        try {
            request = OpenAiChatParser.parse(IngressRequests.jsonBody(ctx));
            query = IngressRequests.routeQuery(ctx, request);
            String ingress = ctx.request().getParam("ingress");
            decision = gateway.router().decide(query, ingress == null ? "openai" : ingress);
        } catch (Json.BadJson e) {
            OpenAiErrors.invalidRequest(ctx.response(), 400, e.getMessage(), null);
            return;
        } catch (InvalidRequestException e) {
            OpenAiErrors.invalidRequest(ctx.response(), 400, e.getMessage(), e.param());
            return;
        }
        if (decision.isEmpty()) {
            OpenAiErrors.send(ctx.response(), 404, "The model `" + request.model() + "` does not exist: use an alias "
                    + "from GET /v1/models or provider/model for a configured provider.", "invalid_request_error",
                    "model", "model_not_found");
            return;
        }
        byte[] body = Json.bytes(explanation.render(decision.get(), query.estimatedTokens(), System.nanoTime()));
        ctx.response().putHeader("content-type", "application/json").end(Buffer.buffer(body));
    }
}
