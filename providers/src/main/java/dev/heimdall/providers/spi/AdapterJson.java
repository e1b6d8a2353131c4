package dev.heimdall.providers.spi;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;

/**
 * The JSON steps every adapter shares: reading an upstream's answer (anything but a JSON object is the upstream's
 * protocol error, not ours) and writing a request body.
 */
public final class AdapterJson {

    public static final ObjectMapper MAPPER = new ObjectMapper();

    private AdapterJson() {
    }

    /** The body as a JSON object, or a {@link ProviderException} carrying a protocol error. */
    public static JsonNode read(byte[] body) {
        try {
            JsonNode root = MAPPER.readTree(body);
            if (root == null || !root.isObject()) {
                throw protocol("upstream response is not a JSON object");
            }
            return root;
        } catch (IOException e) {
            throw protocol("upstream response is not valid JSON");
        }
    }

    public static byte[] write(ObjectNode body) {
        try {
            return MAPPER.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise a JSON tree", e);
        }
    }

    public static ProviderException protocol(String message) {
        return new ProviderException(new ProviderError.ProtocolError(message));
    }
}
