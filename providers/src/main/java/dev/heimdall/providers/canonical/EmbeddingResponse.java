package dev.heimdall.providers.canonical;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;

/**
 * Embedding vectors. Each vector is kept as the JSON the provider sent (a float array or a base64 string) so that
 * an OpenAI-format response passes through without being decoded and re-encoded.
 */
public record EmbeddingResponse(String model, List<JsonNode> embeddings, Usage usage) {

    public EmbeddingResponse {
        embeddings = List.copyOf(embeddings);
    }
}
