package dev.heimdall.node.pipeline;

import dev.heimdall.governance.routing.Target;
import dev.heimdall.providers.canonical.ChatRequest;
import dev.heimdall.providers.tokens.TokenEstimator;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What routing needs to know about a request: the model asked for, the facts routing rules may test, and the
 * fallback chains that outrank the configuration's.
 *
 * @param metadata     the body's metadata with the {@code x-heimdall-meta-*} headers laid over it
 * @param fallbacks    the request's own fallbacks (aliases or {@code provider/model}), from its {@code fallbacks}
 *                     body field or {@code x-heimdall-fallbacks} header
 * @param keyFallbacks the caller's virtual key's fallback chain
 * @param maxTokens    the output limit the client asked for (budget admission reserves it), or null
 */
public record RouteQuery(String model, boolean stream, long estimatedTokens, Map<String, String> metadata,
                         List<String> fallbacks, List<Target> keyFallbacks, Integer maxTokens) {

    public RouteQuery {
        metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
        fallbacks = fallbacks == null ? List.of() : List.copyOf(fallbacks);
        keyFallbacks = keyFallbacks == null ? List.of() : List.copyOf(keyFallbacks);
    }

    public RouteQuery(String model, boolean stream, long estimatedTokens, Map<String, String> metadata) {
        this(model, stream, estimatedTokens, metadata, List.of(), List.of(), null);
    }

    public RouteQuery(String model, boolean stream, long estimatedTokens, Map<String, String> metadata,
                      Integer maxTokens) {
        this(model, stream, estimatedTokens, metadata, List.of(), List.of(), maxTokens);
    }

    public static RouteQuery of(String model) {
        return new RouteQuery(model, false, 0, Map.of());
    }

    public static RouteQuery of(ChatRequest request, Map<String, String> headerMetadata) {
        return new RouteQuery(request.model(), request.stream(), TokenEstimator.estimatePrompt(request),
                merge(request.metadata(), headerMetadata), List.of(), List.of(), request.maxTokens());
    }

    public RouteQuery withFallbacks(List<String> requestFallbacks) {
        return new RouteQuery(model, stream, estimatedTokens, metadata, requestFallbacks, keyFallbacks, maxTokens);
    }

    public RouteQuery withKeyFallbacks(List<Target> chain) {
        return new RouteQuery(model, stream, estimatedTokens, metadata, fallbacks, chain, maxTokens);
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
