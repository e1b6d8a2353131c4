package dev.heimdall.node.guardrails;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

import java.io.IOException;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/**
 * Carries a redaction from the canonical request into the client's own JSON body, for upstreams that receive that
 * body rather than one built from the canonical request (a pass-through relay, OpenAI's body kept whole). Every
 * string of the body equal to a redacted segment is replaced by its redacted form. When a segment is not one whole
 * string of the body (a parser joined several blocks into it), the body cannot be rewritten safely and the caller
 * must build the upstream request from the canonical request instead.
 */
public final class RelayText {

    private static final ObjectMapper JSON = new ObjectMapper();

    private RelayText() {
    }

    /**
     * @param replacements each redacted segment's original text to its redacted text
     * @return the rewritten JSON, or null when {@code json} is not JSON or some original text is not a whole string
     *         of it
     */
    public static byte[] rewrite(byte[] json, Map<String, String> replacements) {
        try {
            JsonNode rewritten = rewrite(JSON.readTree(json), replacements);
            return rewritten == null ? null : JSON.writeValueAsBytes(rewritten);
        } catch (IOException e) {
            return null;
        }
    }

    /**
     * @param replacements each redacted segment's original text to its redacted text
     * @return a rewritten copy of {@code body}, or null when some original text is not a whole string of it
     */
    public static JsonNode rewrite(JsonNode body, Map<String, String> replacements) {
        Set<String> found = new HashSet<>();
        JsonNode rewritten = rewrite(body, replacements, found);
        return found.size() == replacements.size() ? rewritten : null;
    }

    private static JsonNode rewrite(JsonNode node, Map<String, String> replacements, Set<String> found) {
        if (node.isTextual()) {
            String replacement = replacements.get(node.textValue());
            if (replacement == null) {
                return node;
            }
            found.add(node.textValue());
            return TextNode.valueOf(replacement);
        }
        if (node.isArray()) {
            ArrayNode copy = ((ArrayNode) node).arrayNode(node.size());
            node.forEach(element -> copy.add(rewrite(element, replacements, found)));
            return copy;
        }
        if (node.isObject()) {
            ObjectNode copy = ((ObjectNode) node).objectNode();
            for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext(); ) {
                Map.Entry<String, JsonNode> field = fields.next();
                copy.set(field.getKey(), rewrite(field.getValue(), replacements, found));
            }
            return copy;
        }
        return node;
    }
}
