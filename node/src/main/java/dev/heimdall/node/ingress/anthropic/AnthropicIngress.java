package dev.heimdall.node.ingress.anthropic;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.heimdall.governance.routing.FallbackPlan;
import dev.heimdall.node.ingress.ChatRunner;
import dev.heimdall.node.ingress.GovernedRoute;
import dev.heimdall.node.ingress.GuardedInput;
import dev.heimdall.node.ingress.IngressRequests;
import dev.heimdall.node.ingress.Json;
import dev.heimdall.node.ingress.ResponseHeaders;
import dev.heimdall.node.pipeline.Gateway;
import dev.heimdall.node.pipeline.GuardrailGate;
import dev.heimdall.node.pipeline.PassThrough;
import dev.heimdall.node.pipeline.RelayExecution;
import dev.heimdall.node.pipeline.RequestRecorder;
import dev.heimdall.node.pipeline.RequestScope;
import dev.heimdall.node.pipeline.RouteQuery;
import dev.heimdall.node.upstream.ProviderRuntime;
import dev.heimdall.node.upstream.UpstreamClients;
import dev.heimdall.providers.anthropic.AnthropicAdapter;
import dev.heimdall.providers.anthropic.AnthropicMessagesParser;
import dev.heimdall.providers.anthropic.AnthropicPassThrough;
import dev.heimdall.providers.canonical.ChatRequest;
import dev.heimdall.providers.spi.InvalidRequestException;
import dev.heimdall.providers.spi.TargetContext;
import dev.heimdall.providers.spi.UpstreamRequest;
import dev.heimdall.providers.tokens.TokenEstimator;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.util.Optional;

/**
 * Anthropic Messages ingress, for Claude Code and the Anthropic SDKs: {@code POST /v1/messages} and
 * {@code POST /v1/messages/count_tokens}. An Anthropic upstream receives the client's own body with only the model
 * rewritten, and its answer comes back byte for byte; any other upstream is reached through the canonical model
 * and answered in Anthropic's exact format, streams included.
 */
public final class AnthropicIngress {

    private static final String INGRESS = "anthropic";

    private final Vertx vertx;
    private final Gateway gateway;
    private final UpstreamClients clients;
    private final RequestRecorder recorder;
    private final ChatRunner runner;

    public AnthropicIngress(Vertx vertx, Gateway gateway, UpstreamClients clients) {
        this.vertx = vertx;
        this.gateway = gateway;
        this.clients = clients;
        this.recorder = new RequestRecorder(gateway);
        this.runner = new ChatRunner(vertx, gateway, clients, recorder);
    }

    public void register(Router router) {
        router.post("/v1/messages").handler(ctx -> screened(ctx, false, this::messages));
        router.post("/v1/messages/count_tokens").handler(ctx -> screened(ctx, true, this::countTokens));
    }

    /** Parses the body and screens it with the input guardrails (no moderation for counting), then goes on. */
    private void screened(RoutingContext ctx, boolean countOnly, Next next) {
        RequestScope scope = IngressRequests.scope(ctx, INGRESS);
        ChatRequest parsed = parse(ctx, scope, countOnly);
        if (parsed == null) {
            return;
        }
        gateway.guardrails().screen(scope, parsed, !countOnly, GuardedInput.then(recorder, scope, ctx.response(),
                AnthropicErrors::rejected, passed -> next.accept(ctx, scope, passed)));
    }

    @FunctionalInterface
    private interface Next {
        void accept(RoutingContext ctx, RequestScope scope, GuardrailGate.Screening.Passed<ChatRequest> passed);
    }

    private void messages(RoutingContext ctx, RequestScope scope, GuardrailGate.Screening.Passed<ChatRequest> passed) {
        HttpServerResponse response = ctx.response();
        ChatRequest request = passed.request();
        FallbackPlan plan = plan(scope, response, IngressRequests.routeQuery(ctx, request), true);
        if (plan == null) {
            return;
        }
        // a redaction the client's bytes cannot carry means translating, so no original text goes upstream
        byte[] bytes = passed.relayBody(IngressRequests.relayBody(ctx));
        AnthropicResponder responder = new AnthropicResponder(response, scope);
        runner.run(scope, response, plan, request, responder, responder::status,
                bytes == null ? null : relay(ctx, bytes, request.stream()));
    }

    private static PassThrough relay(RoutingContext ctx, byte[] bytes, boolean stream) {
        String version = ctx.request().getHeader("anthropic-version");
        String beta = ctx.request().getHeader("anthropic-beta");
        return new PassThrough() {
            @Override
            public boolean appliesTo(ProviderRuntime provider) {
                return AnthropicAdapter.TYPE.equals(provider.adapter().type());
            }

            @Override
            public UpstreamRequest encode(ProviderRuntime provider, TargetContext target) {
                return AnthropicPassThrough.encode("/v1/messages", bytes, stream, target, version, beta);
            }
        };
    }

    /**
     * Counts at the upstream when the model is served by Anthropic (exact); otherwise, or when a redaction cannot be
     * carried into the client's body, estimates, since other providers' token counts would not be Anthropic's anyway.
     */
    private void countTokens(RoutingContext ctx, RequestScope scope, GuardrailGate.Screening.Passed<ChatRequest> passed) {
        HttpServerResponse response = ctx.response();
        ChatRequest request = passed.request();
        FallbackPlan plan = plan(scope, response, IngressRequests.routeQuery(ctx, request), false);
        if (plan == null) {
            return;
        }
        ProviderRuntime primary = gateway.provider(plan.primary().provider());
        byte[] bytes = passed.relayBody(IngressRequests.relayBody(ctx));
        if (!AnthropicAdapter.TYPE.equals(primary.adapter().type()) || bytes == null) {
            ObjectNode answer = Json.MAPPER.createObjectNode().put("input_tokens", TokenEstimator.estimatePrompt(request));
            response.putHeader("x-request-id", scope.requestId()).putHeader("content-type", "application/json")
                    .end(Buffer.buffer(Json.bytes(answer)));
            recorder.record(scope, 200, null);
            return;
        }
        String version = ctx.request().getHeader("anthropic-version");
        String beta = ctx.request().getHeader("anthropic-beta");
        FallbackPlan anthropicOnly = new FallbackPlan(plan.requestedModel(), plan.alias(), plan.attempts().stream()
                .filter(t -> AnthropicAdapter.TYPE.equals(gateway.provider(t.provider()).adapter().type())).toList());
        new RelayExecution(vertx, gateway, clients, scope, anthropicOnly,
                (provider, target) -> AnthropicPassThrough.encode("/v1/messages/count_tokens", bytes, false, target, version, beta),
                body -> {
                    ResponseHeaders.routing(response, scope);
                    response.putHeader("content-type", "application/json").end(body);
                    recorder.record(scope, 200, null);
                },
                error -> {
                    ResponseHeaders.routing(response, scope);
                    AnthropicErrors.upstream(response, error);
                    recorder.record(scope, error.clientStatus(), null);
                }).start();
    }

    private ChatRequest parse(RoutingContext ctx, RequestScope scope, boolean countOnly) {
        try {
            ObjectNode body = IngressRequests.jsonBody(ctx);
            if (countOnly && !body.has("max_tokens")) {
                // count_tokens takes no max_tokens; the canonical request wants one
                body = body.deepCopy().put("max_tokens", 1);
            }
            return AnthropicMessagesParser.parse(body);
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
            reject(scope, response, 404, "model: " + query.model() + " (use an alias from GET /v1/models or provider/model "
                    + "for a configured provider)");
            return null;
        }
        return GovernedRoute.admit(gateway, recorder, scope, response, plan.get(), query, metered,
                AnthropicErrors::rejected);
    }

    private void reject(RequestScope scope, HttpServerResponse response, int status, String message) {
        response.putHeader("x-request-id", scope.requestId());
        AnthropicErrors.send(response, status, message);
        recorder.record(scope, status, null);
    }

}
