package dev.heimdall.loadtest.mock;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.http.HttpServerRequest;
import java.util.Map;

/**
 * One provider's wire format, served under {@code /<name>/...}. Implementations live in one subpackage per format
 * and see a request only through {@link Exchange}.
 */
public interface ProviderMock {

    /** The path prefix and the {@link RecordedRequest#provider()} value, e.g. {@code openai}. */
    String name();

    /** The API key of a request as this provider carries it, or null. */
    String apiKey(HttpServerRequest request);

    /**
     * The model a request is for, as fault rules and recordings see it: the body's {@code model} by default;
     * formats that name the model in the URL (Gemini, Vertex AI) override this.
     *
     * @param subPath the path after the provider prefix
     * @param body    the parsed body, or null
     */
    default String model(String subPath, JsonNode body) {
        JsonNode model = body == null ? null : body.get("model");
        return model != null && model.isTextual() ? model.asText() : null;
    }

    /** Handles a request whose body has been read; must answer through {@code exchange}. */
    void handle(Exchange exchange);

    /** An error body in this provider's shape for an injected {@code status}. */
    byte[] faultBody(int status);

    /** Headers of an injected error, beside its body (e.g. AWS's {@code x-amzn-ErrorType}). */
    default Map<String, String> faultHeaders(int status) {
        return Map.of();
    }
}
