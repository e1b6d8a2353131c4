package dev.heimdall.node.ingress;

import dev.heimdall.node.ingress.anthropic.AnthropicErrors;
import dev.heimdall.node.ingress.gemini.GeminiErrors;
import dev.heimdall.node.ingress.openai.OpenAiErrors;
import dev.heimdall.node.pipeline.Gateway;
import dev.heimdall.node.pipeline.Rejection;
import dev.heimdall.node.pipeline.RequestRecorder;
import dev.heimdall.node.pipeline.RequestScope;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

/**
 * The authenticate stage, in front of every ingress API route: the virtual key is checked before the body is even
 * parsed, so an unauthenticated client learns nothing about its request and costs almost nothing. The request's
 * scope opens here and carries the key's context on to the ingress handler.
 */
public final class AuthenticationHandler implements Handler<RoutingContext> {

    private final Gateway gateway;
    private final RequestRecorder recorder;

    public AuthenticationHandler(Gateway gateway) {
        this.gateway = gateway;
        this.recorder = new RequestRecorder(gateway);
    }

    @Override
    public void handle(RoutingContext ctx) {
        String path = ctx.request().path();
        String ingress = ingressOf(path);
        RequestScope scope = IngressRequests.scope(ctx, ingress);
        Rejection rejection = gateway.governance().authenticate(ClientCredentials.presented(ctx.request()), scope);
        if (rejection == null) {
            ctx.put(IngressRequests.SCOPE, scope);
            ctx.next();
            return;
        }
        ctx.response().putHeader("x-request-id", scope.requestId());
        switch (ingress) {
            case "anthropic" -> AnthropicErrors.rejected(ctx.response(), rejection);
            case "gemini" -> GeminiErrors.rejected(ctx.response(), rejection);
            default -> OpenAiErrors.rejected(ctx.response(), rejection);
        }
        recorder.record(scope, rejection.status(), null);
    }

    /** The ingress API a path belongs to, as scopes, metrics and audit records name it. */
    public static String ingressOf(String path) {
        if (path != null && path.startsWith("/v1/messages")) {
            return "anthropic";
        }
        if (path != null && path.startsWith("/v1beta/")) {
            return "gemini";
        }
        if (path != null && path.startsWith("/v1/responses")) {
            return "responses";
        }
        return "openai";
    }
}
