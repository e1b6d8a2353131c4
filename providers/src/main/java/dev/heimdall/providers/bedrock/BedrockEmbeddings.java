package dev.heimdall.providers.bedrock;

import dev.heimdall.providers.spi.AdapterJson;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.heimdall.providers.canonical.EmbeddingRequest;
import dev.heimdall.providers.canonical.EmbeddingResponse;
import dev.heimdall.providers.canonical.Usage;
import dev.heimdall.providers.spi.ProviderError;
import dev.heimdall.providers.spi.ProviderException;

import java.util.ArrayList;
import java.util.List;

/**
 * Embeddings through InvokeModel, whose body is the model family's own: Amazon Titan text embeddings
 * ({@code amazon.titan-embed-*}: one text per call, {@code {"inputText", "dimensions", "normalize"}} answered by
 * {@code {"embedding", "inputTextTokenCount"}}) and Cohere on Bedrock ({@code cohere.embed-*}: a batch,
 * {@code {"texts", "input_type"}} answered by {@code {"embeddings"}}). A Titan request with several inputs is
 * rejected rather than fanned out into several calls: one client request stays one upstream call (one attempt, one
 * price, one failure), and Cohere serves batches.
 */
final class BedrockEmbeddings {

    private BedrockEmbeddings() {
    }

    static ObjectNode encode(EmbeddingRequest request, String model) {
        ObjectNode body = BedrockAdapter.MAPPER.createObjectNode();
        if (model.startsWith("cohere.")) {
            ArrayNode texts = body.putArray("texts");
            request.input().forEach(texts::add);
            body.put("input_type", "search_document");
            return body;
        }
        if (!model.startsWith("amazon.titan-embed")) {
            throw new ProviderException(new ProviderError.BadRequest("Bedrock embeddings are supported for "
                    + "amazon.titan-embed-* and cohere.embed-* models, not " + model, 400, "model", null));
        }
        if (request.input().size() != 1) {
            throw new ProviderException(new ProviderError.BadRequest("Titan embeddings on Bedrock take one input "
                    + "per request, got " + request.input().size() + ": send them one at a time or use a "
                    + "cohere.embed-* model for batches", 400, "input", null));
        }
        body.put("inputText", request.input().get(0));
        if (request.dimensions() != null) {
            body.put("dimensions", request.dimensions());
        }
        body.put("normalize", true);
        return body;
    }

    /** The response shape tells the family apart: Titan's {@code embedding} or Cohere's {@code embeddings}. */
    static EmbeddingResponse decode(JsonNode root) {
        JsonNode titan = root.get("embedding");
        if (titan != null && titan.isArray()) {
            Usage usage = root.has("inputTextTokenCount") ? Usage.of(root.get("inputTextTokenCount").asLong(), 0)
                    : null;
            return new EmbeddingResponse(null, List.of(titan), usage);
        }
        JsonNode cohere = root.get("embeddings");
        if (cohere != null && cohere.isObject()) {
            // embedding_types asked for: {"float": [[...]]}
            cohere = cohere.get("float");
        }
        if (cohere == null || !cohere.isArray()) {
            throw AdapterJson.protocol("Bedrock embeddings response has neither embedding nor embeddings");
        }
        List<JsonNode> vectors = new ArrayList<>(cohere.size());
        for (JsonNode vector : cohere) {
            if (!vector.isArray()) {
                throw AdapterJson.protocol("Bedrock embeddings response has a vector that is not an array");
            }
            vectors.add(vector);
        }
        // Cohere on Bedrock reports its token count only in a response header the adapter does not see
        return new EmbeddingResponse(null, vectors, null);
    }
}
