package dev.heimdall.node.ingress.gemini;

import dev.heimdall.node.ingress.Json;
import dev.heimdall.providers.gemini.GeminiCodec;
import dev.heimdall.providers.spi.ProviderError;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import dev.heimdall.node.pipeline.Rejection;

/** Errors in Google's shape, {@code {"error":{"code","message","status"}}}, so the GenAI SDKs raise theirs. */
public final class GeminiErrors {

    private GeminiErrors() {
    }

    public static void send(HttpServerResponse response, int status, String message) {
        if (response.headWritten()) {
            response.reset();
            return;
        }
        response.setStatusCode(status).putHeader("content-type", "application/json; charset=UTF-8")
                .end(Buffer.buffer(Json.bytes(GeminiCodec.errorBody(status, message))));
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
