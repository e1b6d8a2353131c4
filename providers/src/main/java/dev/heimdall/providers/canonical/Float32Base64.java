package dev.heimdall.providers.canonical;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Base64;

/**
 * OpenAI's {@code encoding_format: "base64"} form of an embedding: the vector as little-endian float32 values,
 * base64-encoded. Used to answer a client that asked for base64 (the OpenAI SDKs do by default) when the provider
 * only returns float arrays.
 */
public final class Float32Base64 {

    private Float32Base64() {
    }

    /** @return {@code vector} unchanged unless it is an array of numbers, else its base64 text */
    public static JsonNode encode(JsonNode vector) {
        if (vector == null || !vector.isArray()) {
            return vector;
        }
        ByteBuffer buffer = ByteBuffer.allocate(4 * vector.size()).order(ByteOrder.LITTLE_ENDIAN);
        for (JsonNode value : vector) {
            buffer.putFloat(value.floatValue());
        }
        return TextNode.valueOf(Base64.getEncoder().encodeToString(buffer.array()));
    }
}
