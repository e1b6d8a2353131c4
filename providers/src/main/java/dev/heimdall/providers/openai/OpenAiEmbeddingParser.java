package dev.heimdall.providers.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.heimdall.providers.canonical.EmbeddingRequest;
import dev.heimdall.providers.spi.InvalidRequestException;

import java.util.ArrayList;
import java.util.List;

import static dev.heimdall.providers.openai.OpenAiFields.absent;
import static dev.heimdall.providers.openai.OpenAiFields.optionalString;
import static dev.heimdall.providers.openai.OpenAiFields.positiveInt;
import static dev.heimdall.providers.openai.OpenAiFields.requiredString;

/**
 * Parses an OpenAI Embeddings request. {@code input} must be a string or an array of strings; pre-tokenised input
 * (arrays of token ids) is rejected, since it only means something to one tokenizer and cannot be routed freely.
 */
public final class OpenAiEmbeddingParser {

    private OpenAiEmbeddingParser() {
    }

    public static EmbeddingRequest parse(ObjectNode body) {
        if (body == null) {
            throw new InvalidRequestException(null, "request body must be a JSON object");
        }
        String model = requiredString(body, "model", "model");
        List<String> input = input(body.get("input"));
        String format = optionalString(body, "encoding_format", "encoding_format");
        if (format != null && !format.equals("float") && !format.equals("base64")) {
            throw new InvalidRequestException("encoding_format", "encoding_format must be one of float, base64");
        }
        Integer dimensions = positiveInt(body, "dimensions");
        String user = optionalString(body, "user", "user");
        return new EmbeddingRequest(model, input, format, dimensions, user, body);
    }

    private static List<String> input(JsonNode node) {
        if (absent(node)) {
            throw new InvalidRequestException("input", "input is required");
        }
        if (node.isTextual()) {
            if (node.textValue().isEmpty()) {
                throw new InvalidRequestException("input", "input must not be an empty string");
            }
            return List.of(node.textValue());
        }
        if (!node.isArray()) {
            throw new InvalidRequestException("input", "input must be a string or an array of strings");
        }
        if (node.isEmpty()) {
            throw new InvalidRequestException("input", "input must not be an empty array");
        }
        List<String> input = new ArrayList<>(node.size());
        for (int i = 0; i < node.size(); i++) {
            JsonNode item = node.get(i);
            if (item.isNumber() || item.isArray()) {
                throw new InvalidRequestException("input",
                        "input as token ids is not supported by this gateway; send the text as strings");
            }
            if (!item.isTextual()) {
                throw new InvalidRequestException("input[" + i + "]", "input[" + i + "] must be a string");
            }
            if (item.textValue().isEmpty()) {
                throw new InvalidRequestException("input[" + i + "]", "input[" + i + "] must not be empty");
            }
            input.add(item.textValue());
        }
        return input;
    }
}
