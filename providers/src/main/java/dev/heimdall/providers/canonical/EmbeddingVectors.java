package dev.heimdall.providers.canonical;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Embedding vectors in the encoding the client asked for. OpenAI-format upstreams encode base64 themselves; other
 * providers only return float arrays, so a {@code base64} request (the OpenAI SDKs' default) is answered by encoding
 * each array here the way OpenAI does: little-endian IEEE-754 float32 values, standard base64.
 */
public final class EmbeddingVectors {

    private EmbeddingVectors() {
    }

    /** {@code response} with every float array base64-encoded when {@code encodingFormat} is base64. */
    public static EmbeddingResponse asRequested(EmbeddingResponse response, String encodingFormat) {
        if (!"base64".equals(encodingFormat)) {
            return response;
        }
        List<JsonNode> vectors = new ArrayList<>(response.embeddings().size());
        for (JsonNode vector : response.embeddings()) {
            vector = vector.isArray() ? JsonNodeFactory.instance.textNode(base64(vector)) : vector;
            vectors.add(vector);
        }
        return new EmbeddingResponse(response.model(), vectors, response.usage());
    }

    /** A JSON array of numbers as little-endian float32 base64. */
    public static String base64(JsonNode floats) {
        ByteBuffer buffer = ByteBuffer.allocate(4 * floats.size()).order(ByteOrder.LITTLE_ENDIAN);
        for (JsonNode value : floats) {
            buffer.putFloat(value.floatValue());
        }
        return Base64.getEncoder().encodeToString(buffer.array());
    }
}
