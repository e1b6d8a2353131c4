package dev.heimdall.node.ingress.openai;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.heimdall.governance.routing.FallbackPlan;
import dev.heimdall.node.ingress.ChatRunner;
import dev.heimdall.node.ingress.GuardedInput;
import dev.heimdall.node.ingress.IngressRequests;
import dev.heimdall.node.ingress.Json;
import dev.heimdall.node.ingress.ResponseHeaders;
import dev.heimdall.node.pipeline.EmbeddingExecution;
import dev.heimdall.node.pipeline.Gateway;
import dev.heimdall.node.pipeline.RequestRecorder;
import dev.heimdall.node.pipeline.RequestScope;
import dev.heimdall.node.pipeline.RouteQuery;
import dev.heimdall.providers.tokens.TokenEstimator;
import dev.heimdall.node.upstream.ProviderRuntime;
import dev.heimdall.node.upstream.UpstreamClients;
import dev.heimdall.providers.canonical.ChatRequest;
import dev.heimdall.providers.canonical.EmbeddingRequest;
import dev.heimdall.providers.canonical.EmbeddingResponse;
import dev.heimdall.providers.canonical.EmbeddingVectors;
import dev.heimdall.providers.openai.OpenAiChatParser;
import dev.heimdall.providers.openai.OpenAiEmbeddingParser;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * OpenAI-compatible ingress: {@code POST /v1/chat/completions}, {@code POST /v1/embeddings}, {@code GET /v1/models}.
 * Parses the body once into the canonical model, resolves the model name to a fallback plan, runs it, and answers
 * in OpenAI's format, errors included.
 */
public final class OpenAiIngress {

    private static final String INGRESS = "openai";

    private final Vertx vertx;
    private final Gateway gateway;
    private final UpstreamClients clients;
    private final RequestRecorder recorder;
    private final OpenAiAdmission admission;
    private final ChatRunner runner;

    public OpenAiIngress(Vertx vertx, Gateway gateway, UpstreamClients clients) {
        this.vertx = vertx;
        this.gateway = gateway;
        this.clients = clients;
        this.recorder = new RequestRecorder(gateway);
        this.admission = new OpenAiAdmission(gateway, recorder);
        this.runner = new ChatRunner(vertx, gateway, clients, recorder);
    }

    public void register(Router router) {
        router.post("/v1/chat/completions").handler(this::chat);
        router.post("/v1/embeddings").handler(this::embeddings);
        router.get("/v1/models").handler(this::models);
    }

    private void chat(RoutingContext ctx) {
        RequestScope scope = IngressRequests.scope(ctx, INGRESS);
        HttpServerResponse response = ctx.response();
        ChatRequest parsed = admission.parse(ctx, scope, OpenAiChatParser::parse);
        if (parsed == null) {
            return;
        }
        gateway.guardrails().screen(scope, parsed, true, GuardedInput.then(recorder, scope, response,
                OpenAiErrors::rejected, passed -> chat(ctx, scope, passed.request())));
    }

    private void chat(RoutingContext ctx, RequestScope scope, ChatRequest request) {
        HttpServerResponse response = ctx.response();
        FallbackPlan plan = admission.plan(scope, response, IngressRequests.routeQuery(ctx, request));
        if (plan == null) {
            return;
        }
        OpenAiStreamResponder responder = new OpenAiStreamResponder(response, scope, request.includeUsage());
        runner.run(scope, response, plan, request, responder, responder::status);
    }

    private void embeddings(RoutingContext ctx) {
        RequestScope scope = IngressRequests.scope(ctx, INGRESS);
        HttpServerResponse response = ctx.response();
        EmbeddingRequest parsed = admission.parse(ctx, scope, OpenAiEmbeddingParser::parse);
        if (parsed == null) {
            return;
        }
        gateway.guardrails().screen(scope, parsed, GuardedInput.then(recorder, scope, response,
                OpenAiErrors::rejected, passed -> embed(ctx, scope, passed.request())));
    }

    private void embed(RoutingContext ctx, RequestScope scope, EmbeddingRequest request) {
        HttpServerResponse response = ctx.response();
        FallbackPlan plan = admission.plan(scope, response, new RouteQuery(request.model(), false,
                request.input().stream().mapToLong(TokenEstimator::ofText).sum(), IngressRequests.headerMetadata(ctx),
                0).withFallbacks(IngressRequests.requestFallbacks(ctx)));
        if (plan == null) {
            return;
        }
        EmbeddingExecution execution = new EmbeddingExecution(vertx, gateway, clients, scope, plan, request,
                result -> {
                    ResponseHeaders.routing(response, scope);
                    response.putHeader("content-type", "application/json")
                            .end(Buffer.buffer(Json.bytes(render(
                                    EmbeddingVectors.asRequested(result, request.encodingFormat()), scope.model()))));
                    recorder.record(scope, 200, result.usage());
                },
                error -> {
                    ResponseHeaders.routing(response, scope);
                    OpenAiErrors.upstream(response, error);
                    recorder.record(scope, error.clientStatus(), null);
                });
        response.closeHandler(v -> execution.cancel());
        execution.start();
    }

    private void models(RoutingContext ctx) {
        ObjectNode root = Json.MAPPER.createObjectNode();
        root.put("object", "list");
        ArrayNode data = root.putArray("data");
        for (String alias : gateway.routes().aliases().keySet()) {
            data.addObject().put("id", alias).put("object", "model").put("created", 0).put("owned_by", "heimdall");
        }
        for (ProviderRuntime provider : gateway.providers().values()) {
            for (String model : provider.config().models()) {
                data.addObject().put("id", provider.name() + "/" + model).put("object", "model").put("created", 0)
                        .put("owned_by", provider.name());
            }
        }
        ctx.response().putHeader("content-type", "application/json").end(Buffer.buffer(Json.bytes(root)));
    }

    private static ObjectNode render(EmbeddingResponse result, String model) {
        ObjectNode root = Json.MAPPER.createObjectNode();
        root.put("object", "list");
        ArrayNode data = root.putArray("data");
        for (int i = 0; i < result.embeddings().size(); i++) {
            data.addObject().put("object", "embedding").put("index", i).set("embedding", result.embeddings().get(i));
        }
        root.put("model", result.model() != null ? result.model() : model);
        ObjectNode usage = root.putObject("usage");
        long prompt = result.usage() == null ? 0 : result.usage().promptTokens();
        usage.put("prompt_tokens", prompt).put("total_tokens", prompt);
        return root;
    }
}
