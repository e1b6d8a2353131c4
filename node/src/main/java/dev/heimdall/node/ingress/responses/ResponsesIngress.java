package dev.heimdall.node.ingress.responses;

import dev.heimdall.governance.routing.FallbackPlan;
import dev.heimdall.node.ingress.ChatRunner;
import dev.heimdall.node.ingress.GuardedInput;
import dev.heimdall.node.ingress.openai.OpenAiErrors;
import dev.heimdall.node.ingress.IngressRequests;
import dev.heimdall.node.ingress.openai.OpenAiAdmission;
import dev.heimdall.node.pipeline.Gateway;
import dev.heimdall.node.pipeline.RequestRecorder;
import dev.heimdall.node.pipeline.RequestScope;
import dev.heimdall.node.upstream.UpstreamClients;
import dev.heimdall.providers.canonical.ChatRequest;
import dev.heimdall.providers.openai.responses.ResponsesParser;
import dev.heimdall.providers.openai.responses.ResponsesRequest;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * OpenAI Responses API ingress, {@code POST /v1/responses}, so that Codex CLI and the OpenAI SDKs' Responses API
 * work against the gateway by changing only the base URL. The request is translated to the canonical chat model and
 * served by whichever provider the model names, through the same pipeline as Chat Completions (an OpenAI upstream
 * receives a Chat Completions request). Stateless: nothing is stored, see {@link ResponsesParser}. Errors are in
 * OpenAI's shape.
 */
public final class ResponsesIngress {

    private static final String INGRESS = "responses";

    private final Gateway gateway;
    private final RequestRecorder recorder;
    private final OpenAiAdmission admission;
    private final ChatRunner runner;

    public ResponsesIngress(Vertx vertx, Gateway gateway, UpstreamClients clients) {
        this.gateway = gateway;
        this.recorder = new RequestRecorder(gateway);
        this.admission = new OpenAiAdmission(gateway, recorder);
        this.runner = new ChatRunner(vertx, gateway, clients, recorder);
    }

    public void register(Router router) {
        router.post("/v1/responses").handler(this::create);
    }

    private void create(RoutingContext ctx) {
        RequestScope scope = IngressRequests.scope(ctx, INGRESS);
        HttpServerResponse response = ctx.response();
        ResponsesRequest request = admission.parse(ctx, scope, ResponsesParser::parse);
        if (request == null) {
            return;
        }
        gateway.guardrails().screen(scope, request.chat(), true, GuardedInput.then(recorder, scope, response,
                OpenAiErrors::rejected, passed -> create(ctx, scope, request, passed.request())));
    }

    /** @param chat the request's canonical form as it may leave, redacted where guardrails said so */
    private void create(RoutingContext ctx, RequestScope scope, ResponsesRequest request, ChatRequest chat) {
        HttpServerResponse response = ctx.response();
        FallbackPlan plan = admission.plan(scope, response, IngressRequests.routeQuery(ctx, chat));
        if (plan == null) {
            return;
        }
        ResponsesResponder responder = new ResponsesResponder(response, scope, request);
        runner.run(scope, response, plan, chat, responder, responder::status);
    }
}
