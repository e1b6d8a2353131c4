package dev.heimdall.node.admin;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.heimdall.governance.store.StoredEntity;
import dev.heimdall.governance.store.json.DocumentException;

import java.io.IOException;
import java.util.function.Supplier;

/** Reading and writing the admin API's JSON: strict on input, and never quoting what a client sent in an error. */
final class AdminJson {

    static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private static final JsonMapper MAPPER = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .build();

    private AdminJson() {
    }

    /** A request body that must be one JSON object. */
    static ObjectNode requestObject(byte[] body) {
        if (body == null || body.length == 0) {
            throw AdminFailure.invalid(null, "Expected a JSON object as the request body, got nothing.");
        }
        JsonNode tree;
        try {
            tree = MAPPER.readTree(body);
        } catch (JsonProcessingException e) {
            // the parser's own message quotes the input, which may hold a secret: name only where it broke
            JsonLocation at = e.getLocation();
            throw AdminFailure.invalid(null, "Malformed JSON" + (at == null ? "" : " at line " + at.getLineNr()
                    + ", column " + at.getColumnNr()) + (e.getOriginalMessage().startsWith("Duplicate field")
                    ? ": a field appears twice." : "."));
        } catch (IOException e) {
            throw AdminFailure.invalid(null, "Malformed JSON.");
        }
        if (tree == null || !tree.isObject()) {
            throw AdminFailure.invalid(null, "Expected a JSON object as the request body.");
        }
        return (ObjectNode) tree;
    }

    /** The document of a stored entity; the store only holds what this API (or the config seed) wrote. */
    static ObjectNode document(StoredEntity stored) {
        try {
            JsonNode tree = MAPPER.readTree(stored.json());
            if (tree instanceof ObjectNode object) {
                return object;
            }
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(stored.kind().path() + "/" + stored.id() + " is not stored as JSON");
        }
        throw new IllegalStateException(stored.kind().path() + "/" + stored.id() + " is not stored as a JSON object");
    }

    static String write(JsonNode node) {
        try {
            return MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree always serialises", e);
        }
    }

    static byte[] bytes(JsonNode node) {
        try {
            return MAPPER.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree always serialises", e);
        }
    }

    static ObjectNode error(String type, String message, String field) {
        ObjectNode error = NODES.objectNode();
        ObjectNode inner = error.putObject("error").put("type", type).put("message", message);
        if (field != null) {
            inner.put("field", field);
        }
        return error;
    }

    /** Runs a document read, turning its {@link DocumentException} into a 400 naming the field. */
    static <T> T read(Supplier<T> reader) {
        try {
            return reader.get();
        } catch (DocumentException e) {
            throw AdminFailure.invalid(e.field(), e.problem());
        }
    }
}
