package dev.heimdall.loadtest.mock.gemini;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.heimdall.loadtest.mock.Exchange;
import dev.heimdall.loadtest.mock.MockJson;
import dev.heimdall.loadtest.mock.ProviderMock;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;

import java.util.Map;

/**
 * Google AI Studio's Gemini API under {@code /gemini}: {@code POST /v1beta/models/{model}:{method}} (and the same
 * under {@code /v1}) for the methods of {@link GeminiFormat}. The key is read from {@code x-goog-api-key} or the
 * {@code key} query parameter; errors use Google's shape {@code {"error":{"code","message","status"}}}.
 */
public final class GeminiMock implements ProviderMock {

    @Override
    public String name() {
        return "gemini";
    }

    @Override
    public String apiKey(HttpServerRequest request) {
        String key = request.getHeader("x-goog-api-key");
        return key != null ? key : request.getParam("key");
    }

    @Override
    public String model(String subPath, JsonNode body) {
        String rest = modelAndMethod(subPath);
        int colon = rest == null ? -1 : rest.lastIndexOf(':');
        return colon > 0 ? rest.substring(0, colon) : null;
    }

    /** {@code {model}:{method}} of {@code /v1beta/models/{model}:{method}} (or {@code /v1/...}), else null. */
    private static String modelAndMethod(String path) {
        return path.startsWith("/v1beta/models/") ? path.substring("/v1beta/models/".length())
                : path.startsWith("/v1/models/") ? path.substring("/v1/models/".length()) : null;
    }

    @Override
    public void handle(Exchange ex) {
        String rest = modelAndMethod(ex.subPath());
        int colon = rest == null ? -1 : rest.lastIndexOf(':');
        if (ex.request().method() != HttpMethod.POST || colon <= 0) {
            ex.respond(404, errorBody(404, "NOT_FOUND", "Requested entity was not found."), Map.of());
            return;
        }
        String key = ex.apiKey();
        if (key == null || key.isEmpty()) {
            ex.respond(403, errorBody(403, "PERMISSION_DENIED", "Method doesn't allow unregistered callers (callers "
                    + "without established identity). Please use API Key or other form of API consumer identity to "
                    + "call this API."), Map.of());
            return;
        }
        if (!ex.config().accepts(key)) {
            ex.respond(400, invalidKeyBody(), Map.of());
            return;
        }
        try {
            GeminiFormat.serve(ex, rest.substring(0, colon), rest.substring(colon + 1), Map.of());
        } catch (GeminiFormat.Invalid e) {
            ex.respond(400, errorBody(400, "INVALID_ARGUMENT", e.getMessage()), Map.of());
        }
    }

    /** Google's error shape. */
    public static byte[] errorBody(int code, String status, String message) {
        return MockJson.bytes(error(code, status, message));
    }

    private static ObjectNode error(int code, String status, String message) {
        ObjectNode res = MockJson.object();
        res.putObject("error").put("code", code).put("message", message).put("status", status);
        return res;
    }

    private static byte[] invalidKeyBody() {
        ObjectNode res = error(400, "INVALID_ARGUMENT", "API key not valid. Please pass a valid API key.");
        res.with("error").putArray("details").addObject()
                .put("@type", "type.googleapis.com/google.rpc.ErrorInfo").put("reason", "API_KEY_INVALID")
                .put("domain", "googleapis.com");
        return MockJson.bytes(res);
    }

    /** The error body Google sends for an injected {@code status}; shared by the Vertex mock. */
    public static byte[] faultBodyFor(int status) {
        return switch (status) {
            case 400 -> errorBody(400, "INVALID_ARGUMENT", "Mock fault: invalid argument");
            case 401 -> errorBody(401, "UNAUTHENTICATED", "Request had invalid authentication credentials.");
            case 403 -> errorBody(403, "PERMISSION_DENIED", "The caller does not have permission");
            case 404 -> errorBody(404, "NOT_FOUND", "Requested entity was not found.");
            case 429 -> {
                ObjectNode res = error(429, "RESOURCE_EXHAUSTED", "Resource has been exhausted (e.g. check quota).");
                res.with("error").putArray("details").addObject()
                        .put("@type", "type.googleapis.com/google.rpc.RetryInfo").put("retryDelay", "5s");
                yield MockJson.bytes(res);
            }
            case 500 -> errorBody(500, "INTERNAL", "An internal error has occurred. Please retry or report.");
            case 503 -> errorBody(503, "UNAVAILABLE", "The model is overloaded. Please try again later.");
            case 504 -> errorBody(504, "DEADLINE_EXCEEDED", "Deadline expired before operation could complete.");
            default -> errorBody(status, status >= 500 ? "INTERNAL" : "FAILED_PRECONDITION",
                    "Mock fault: HTTP " + status);
        };
    }

    @Override
    public byte[] faultBody(int status) {
        return faultBodyFor(status);
    }
}
