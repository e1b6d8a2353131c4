package dev.heimdall.providers.canonical;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;

/**
 * An embeddings request.
 *
 * @param input          the texts to embed
 * @param encodingFormat {@code float} or {@code base64} (OpenAI's SDKs ask for base64 by default), or null
 * @param openAiBody     the original OpenAI-format body, passed through to OpenAI-format upstreams; null otherwise
 */
public record EmbeddingRequest(String model, List<String> input, String encodingFormat, Integer dimensions,
                               String user, ObjectNode openAiBody) {

    public EmbeddingRequest {
        input = List.copyOf(input);
    }
}
