package dev.heimdall.node.ingress.openai;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.heimdall.node.ingress.Json;
import dev.heimdall.providers.spi.ProviderError;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import dev.heimdall.node.pipeline.Rejection;

/** Errors in OpenAI's shape, {@code {"error":{"message","type","param","code"}}}, so SDKs raise the right exception. */
public final class OpenAiErrors {

    private OpenAiErrors() {
    }

    public static ObjectNode body(String message, String type, String param, String code) {
        ObjectNode root = Json.MAPPER.createObjectNode();
        ObjectNode error = root.putObject("error");
        error.put("message", message);
        error.put("type", type);
        error.put("param", param);
        error.put("code", code);
        return root;
    }

    public static void send(HttpServerResponse response, int status, String message, String type, String param,
                            String code) {
        if (response.headWritten()) {
            response.reset();
            return;
        }
        response.setStatusCode(status)
                .putHeader("content-type", "application/json")
                .end(Buffer.buffer(Json.bytes(body(message, type, param, code))));
    }

    public static void invalidRequest(HttpServerResponse response, int status, String message, String param) {
        send(response, status, message, "invalid_request_error", param, null);
    }

    /** An upstream failure, with the provider's message and a status that fits it. */
    public static void upstream(HttpServerResponse response, ProviderError error) {
        if (error instanceof ProviderError.RateLimited limited && limited.retryAfter() != null && !response.headWritten()) {
            response.putHeader("retry-after", Long.toString(Math.max(1, limited.retryAfter().toSeconds())));
        }
        send(response, error.clientStatus(), error.message(), error.errorType(), paramOf(error), codeOf(error));
    }

    /** A stream that already started ends with an error event: never a silently truncated 200. */
    public static Buffer streamEvent(ProviderError error) {
        byte[] json = Json.bytes(body(error.message(), error.errorType(), null, codeOf(error)));
        return Buffer.buffer(json.length + 8).appendString("data: ").appendBytes(json).appendString("\n\n");
    }

    private static String paramOf(ProviderError error) {
        return error instanceof ProviderError.BadRequest bad ? bad.param() : null;
    }

    private static String codeOf(ProviderError error) {
        if (error instanceof ProviderError.BadRequest bad) {
            return bad.code();
        }
        if (error instanceof ProviderError.ContextTooLong) {
            return "context_length_exceeded";
        }
        if (error instanceof ProviderError.RateLimited) {
            return "rate_limit_exceeded";
        }
        if (error instanceof ProviderError.Timeout) {
            return "upstream_timeout";
        }
        return null;
    }

    /** A governance refusal (401, 403, 429, blocked content) with its headers and a machine-readable code. */
    public static void rejected(HttpServerResponse response, Rejection rejection) {
        rejection.headers().forEach(response::putHeader);
        String type = switch (rejection.reason()) {
            case RATE_LIMITED -> "rate_limit_exceeded";
            case BUDGET_EXHAUSTED -> "insufficient_quota";
            default -> "invalid_request_error";
        };
        send(response, rejection.status(), rejection.message(), type, null, rejection.reason().code());
    }
}
