package dev.heimdall.node.ingress;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;

/** The node's one JSON mapper (thread-safe once configured) and the parse step every ingress shares. */
public final class Json {

    public static final ObjectMapper MAPPER = new ObjectMapper();

    static {
        // deeply nested hostile JSON must fail fast, not exhaust the stack
        MAPPER.getFactory().setStreamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(200).build());
    }

    private Json() {
    }

    /** The body as a JSON object; {@link BadJson} when it is not valid JSON or not an object. */
    public static ObjectNode parseObject(byte[] body) {
        JsonNode node;
        try {
            node = MAPPER.readTree(body);
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? ""
                    : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
            throw new BadJson("We could not parse the JSON body of your request" + where
                    + ". The request body must be a JSON object.");
        } catch (IOException e) {
            throw new BadJson("We could not read the JSON body of your request.");
        }
        if (node == null || node.isMissingNode()) {
            throw new BadJson("The request body is empty; expected a JSON object.");
        }
        if (!node.isObject()) {
            throw new BadJson("The request body must be a JSON object, got " + node.getNodeType().name().toLowerCase() + ".");
        }
        return (ObjectNode) node;
    }

    public static byte[] bytes(JsonNode node) {
        try {
            return MAPPER.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise a JSON tree", e);
        }
    }

    /** The body was not a JSON object. */
    public static final class BadJson extends RuntimeException {
        public BadJson(String message) {
            super(message, null, false, false);
        }
    }
}
