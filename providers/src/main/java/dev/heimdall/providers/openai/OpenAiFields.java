package dev.heimdall.providers.openai;

import com.fasterxml.jackson.databind.JsonNode;
import dev.heimdall.providers.spi.InvalidRequestException;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Typed access to the fields of an OpenAI-format request (Chat Completions, Responses), with one wording for every
 * type error so both APIs answer bad input alike.
 */
public final class OpenAiFields {

    private OpenAiFields() {
    }


    public static boolean absent(JsonNode node) {
        return node == null || node.isNull() || node.isMissingNode();
    }

    public static String requiredString(JsonNode parent, String field, String path) {
        JsonNode node = parent.get(field);
        if (absent(node)) {
            throw new InvalidRequestException(path, path + " is required");
        }
        if (!node.isTextual()) {
            throw new InvalidRequestException(path, path + " must be a string");
        }
        return node.textValue();
    }

    public static String optionalString(JsonNode parent, String field, String path) {
        JsonNode node = parent.get(field);
        if (absent(node)) {
            return null;
        }
        if (!node.isTextual()) {
            throw new InvalidRequestException(path, path + " must be a string");
        }
        return node.textValue();
    }

    public static Boolean bool(JsonNode parent, String field, String path) {
        JsonNode node = parent.get(field);
        if (absent(node)) {
            return null;
        }
        if (!node.isBoolean()) {
            throw new InvalidRequestException(path, path + " must be a boolean");
        }
        return node.booleanValue();
    }

    public static Double number(JsonNode body, String field, double min, double max) {
        JsonNode node = body.get(field);
        if (absent(node)) {
            return null;
        }
        if (!node.isNumber()) {
            throw new InvalidRequestException(field, field + " must be a number");
        }
        double value = node.doubleValue();
        if (value < min || value > max) {
            throw new InvalidRequestException(field,
                    field + " must be between " + format(min) + " and " + format(max) + ", got " + node.asText());
        }
        return value;
    }

    private static String format(double d) {
        return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
    }

    public static Long integer(JsonNode parent, String field) {
        JsonNode node = parent.get(field);
        if (absent(node)) {
            return null;
        }
        if (node.isIntegralNumber() && node.canConvertToLong()) {
            return node.longValue();
        }
        if (node.isFloatingPointNumber() && node.doubleValue() == Math.rint(node.doubleValue())
                && Math.abs(node.doubleValue()) < 9.0e15) {
            return (long) node.doubleValue();
        }
        throw new InvalidRequestException(field, field + " must be an integer");
    }

    public static Integer positiveInt(JsonNode parent, String field) {
        Long value = integer(parent, field);
        if (value == null) {
            return null;
        }
        if (value < 1 || value > Integer.MAX_VALUE) {
            throw new InvalidRequestException(field, field + " must be a positive integer, got " + value);
        }
        return value.intValue();
    }

    public static Map<String, String> metadata(JsonNode body) {
        JsonNode node = body.get("metadata");
        if (absent(node)) {
            return Map.of();
        }
        if (!node.isObject()) {
            throw new InvalidRequestException("metadata", "metadata must be an object of string values");
        }
        Map<String, String> metadata = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!e.getValue().isTextual()) {
                throw new InvalidRequestException("metadata." + e.getKey(),
                        "metadata." + e.getKey() + " must be a string");
            }
            metadata.put(e.getKey(), e.getValue().textValue());
        }
        return metadata;
    }
}
