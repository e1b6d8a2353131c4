package dev.heimdall.node.ingress.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Base64;

/**
 * Renders a vector in the encoding the client asked for. Providers other than OpenAI (Bedrock, Gemini) answer
 * float arrays only, while OpenAI's SDKs ask for {@code base64} by default: the vector is then encoded as OpenAI
 * does, little-endian float32 in base64. A vector already in the asked form passes through untouched.
 */
final class EmbeddingEncoding {

    private EmbeddingEncoding() {
    }

    static JsonNode as(String encodingFormat, JsonNode vector) {
        if (!"base64".equals(encodingFormat) || !vector.isArray()) {
            return vector;
        }
        ByteBuffer buf = ByteBuffer.allocate(4 * vector.size()).order(ByteOrder.LITTLE_ENDIAN);
        for (JsonNode v : vector) {
            buf.putFloat(v.floatValue());
        }
        return TextNode.valueOf(Base64.getEncoder().encodeToString(buf.array()));
    }
}
