package dev.heimdall.node.ingress.openai;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.heimdall.governance.routing.FallbackPlan;
import dev.heimdall.node.ingress.Json;
import dev.heimdall.node.ingress.ResponseHeaders;
import dev.heimdall.node.ingress.RequestTiming;
import dev.heimdall.node.observability.RequestIds;
import dev.heimdall.node.pipeline.ChatExecution;
import dev.heimdall.node.pipeline.EmbeddingExecution;
import dev.heimdall.node.pipeline.Gateway;
import dev.heimdall.node.pipeline.RequestRecorder;
import dev.heimdall.node.pipeline.RequestScope;
import dev.heimdall.node.upstream.ProviderRuntime;
import dev.heimdall.node.upstream.UpstreamClients;
import dev.heimdall.providers.canonical.ChatRequest;
import dev.heimdall.providers.canonical.EmbeddingRequest;
import dev.heimdall.providers.canonical.EmbeddingResponse;
import dev.heimdall.providers.canonical.EmbeddingVectors;
import dev.heimdall.providers.openai.OpenAiChatParser;
import dev.heimdall.providers.openai.OpenAiChatRenderer;
import dev.heimdall.providers.openai.OpenAiEmbeddingParser;
import dev.heimdall.providers.spi.InvalidRequestException;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

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

    public OpenAiIngress(Vertx vertx, Gateway gateway, UpstreamClients clients) {
        this.vertx = vertx;
        this.gateway = gateway;
        this.clients = clients;
        this.recorder = new RequestRecorder(gateway);
    }

    public void register(Router router) {
        router.post("/v1/chat/completions").handler(this::chat);
        router.post("/v1/embeddings").handler(this::embeddings);
        router.get("/v1/models").handler(this::models);
    }

    private void chat(RoutingContext ctx) {
        RequestScope scope = scope(ctx);
        HttpServerResponse response = ctx.response();
        ChatRequest request = parse(ctx, scope, OpenAiChatParser::parse);
        FallbackPlan plan = request == null ? null : plan(scope, response, request.model());
        if (plan == null) {
            return;
        }
        OpenAiStreamResponder responder = new OpenAiStreamResponder(response, scope, request.includeUsage());
        ChatExecution[] execution = new ChatExecution[1];
        boolean[] done = new boolean[1];
        execution[0] = new ChatExecution(vertx, gateway, clients, scope, plan, request, responder, () -> {
            done[0] = true;
            recorder.record(scope, responder.status(), execution[0].usage());
        });
        response.closeHandler(v -> {
            if (!done[0] && !response.ended()) {
                done[0] = true;
                execution[0].cancel();
                recorder.record(scope, 499, execution[0].usage());
            }
        });
        execution[0].start();
    }

    private void embeddings(RoutingContext ctx) {
        RequestScope scope = scope(ctx);
        HttpServerResponse response = ctx.response();
        EmbeddingRequest request = parse(ctx, scope, OpenAiEmbeddingParser::parse);
        FallbackPlan plan = request == null ? null : plan(scope, response, request.model());
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

    /** Parses the body with {@code parser}; on bad input answers 400 and returns null. */
    private <T> T parse(RoutingContext ctx, RequestScope scope, java.util.function.Function<ObjectNode, T> parser) {
        try {
            return parser.apply(jsonBody(ctx));
        } catch (Json.BadJson e) {
            reject(scope, ctx.response(), 400, e.getMessage(), null);
        } catch (InvalidRequestException e) {
            reject(scope, ctx.response(), 400, e.getMessage(), e.param());
        }
        return null;
    }

    /** The fallback plan for the model the client asked for; for an unknown model answers 404 and returns null. */
    private FallbackPlan plan(RequestScope scope, HttpServerResponse response, String model) {
        Optional<FallbackPlan> plan = gateway.routes().plan(model, ThreadLocalRandom.current());
        if (plan.isEmpty()) {
            unknownModel(scope, response, model);
            return null;
        }
        return plan.get();
    }

    private RequestScope scope(RoutingContext ctx) {
        Long start = ctx.get(RequestTiming.START_NANOS);
        return new RequestScope(RequestIds.fromClientOrNew(ctx.request().getHeader("x-request-id")), INGRESS,
                start != null ? start : System.nanoTime());
    }

    private static ObjectNode jsonBody(RoutingContext ctx) {
        String contentType = ctx.request().getHeader("content-type");
        if (contentType != null && !contentType.toLowerCase().contains("json")) {
            throw new Json.BadJson("Unsupported content type '" + contentType.replaceAll("[^\\x20-\\x7e]", "?")
                    + "': send the request body as JSON with Content-Type: application/json.");
        }
        Buffer body = ctx.body().buffer();
        return Json.parseObject(body == null ? new byte[0] : body.getBytes());
    }

    private void reject(RequestScope scope, HttpServerResponse response, int status, String message, String param) {
        response.putHeader("x-request-id", scope.requestId());
        OpenAiErrors.invalidRequest(response, status, message, param);
        recorder.record(scope, status, null);
    }

    private void unknownModel(RequestScope scope, HttpServerResponse response, String model) {
        response.putHeader("x-request-id", scope.requestId());
        OpenAiErrors.send(response, 404, "The model `" + model + "` does not exist: use an alias from GET /v1/models "
                + "or provider/model for a configured provider.", "invalid_request_error", "model", "model_not_found");
        recorder.record(scope, 404, null);
    }

    /** @param encodingFormat the client's; float vectors of providers without a base64 form are encoded here */
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
