package dev.heimdall.node.pipeline;

import dev.heimdall.providers.canonical.ChatRequest;
import dev.heimdall.providers.tokens.TokenEstimator;

import java.util.HashMap;
import java.util.Map;

/**
 * What routing needs to know about a request: the model asked for, and the facts routing rules may test.
 *
 * @param metadata the body's metadata with the {@code x-heimdall-meta-*} headers laid over it
 * @param maxTokens the output limit the client asked for (budget admission reserves it), or null
 */
public record RouteQuery(String model, boolean stream, long estimatedTokens, Map<String, String> metadata,
                         Integer maxTokens) {

    public RouteQuery {
        metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
    }

    public RouteQuery(String model, boolean stream, long estimatedTokens, Map<String, String> metadata) {
        this(model, stream, estimatedTokens, metadata, null);
    }

    public static RouteQuery of(String model) {
        return new RouteQuery(model, false, 0, Map.of());
    }

    public static RouteQuery of(ChatRequest request, Map<String, String> headerMetadata) {
        return new RouteQuery(request.model(), request.stream(), TokenEstimator.estimatePrompt(request),
                merge(request.metadata(), headerMetadata), request.maxTokens());
    }

    /** Headers win: they are set by the platform in front of the application, the body by the application. */
    static Map<String, String> merge(Map<String, String> body, Map<String, String> headers) {
        if (headers.isEmpty()) {
            return body;
        }
        Map<String, String> merged = new HashMap<>(body);
        merged.putAll(headers);
        return merged;
    }
}
