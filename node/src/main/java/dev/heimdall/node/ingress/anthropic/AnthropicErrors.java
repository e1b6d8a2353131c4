package dev.heimdall.node.ingress.anthropic;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.heimdall.node.ingress.Json;
import dev.heimdall.providers.anthropic.AnthropicEventWriter;
import dev.heimdall.providers.spi.ProviderError;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import dev.heimdall.node.pipeline.Rejection;

/** Errors in Anthropic's shape, {@code {"type":"error","error":{"type","message"}}}, so Anthropic SDKs raise theirs. */
public final class AnthropicErrors {

    private AnthropicErrors() {
    }

    public static void send(HttpServerResponse response, int status, String message) {
        if (response.headWritten()) {
            response.reset();
            return;
        }
        ObjectNode root = Json.MAPPER.createObjectNode();
        root.put("type", "error");
        root.putObject("error").put("type", AnthropicEventWriter.errorType(status)).put("message", message);
        response.setStatusCode(status).putHeader("content-type", "application/json").end(Buffer.buffer(Json.bytes(root)));
    }

    public static void upstream(HttpServerResponse response, ProviderError error) {
        if (error instanceof ProviderError.RateLimited limited && limited.retryAfter() != null && !response.headWritten()) {
            response.putHeader("retry-after", Long.toString(Math.max(1, limited.retryAfter().toSeconds())));
        }
        send(response, error.clientStatus(), error.message());
    }

    /** A governance refusal (401, 403, 429, blocked content) with its headers. */
    public static void rejected(HttpServerResponse response, Rejection rejection) {
        rejection.headers().forEach(response::putHeader);
        send(response, rejection.status(), rejection.message());
    }
}
