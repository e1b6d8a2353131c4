package dev.heimdall.providers.gemini;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.heimdall.providers.canonical.ChatRequest;
import dev.heimdall.providers.canonical.ChatResponse;
import dev.heimdall.providers.canonical.ContentPart;
import dev.heimdall.providers.canonical.FinishReason;
import dev.heimdall.providers.canonical.Message;
import dev.heimdall.providers.canonical.Role;
import dev.heimdall.providers.canonical.ToolCall;
import dev.heimdall.providers.canonical.ToolChoice;
import dev.heimdall.providers.canonical.ToolDefinition;
import dev.heimdall.providers.canonical.Usage;
import dev.heimdall.providers.spi.ProviderError;
import dev.heimdall.providers.spi.ProviderException;
import dev.heimdall.providers.spi.RetryAfter;
import dev.heimdall.providers.spi.StreamDecoder;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The {@code GenerateContent} wire format shared by Google AI Studio ({@link GeminiAdapter}) and Vertex AI: only the
 * URL and the credential differ between the two, so both build and read bodies here.
 *
 * <p>Encoding choices where the formats differ:
 * <ul>
 *   <li>system messages become {@code systemInstruction} (one text part each); assistant turns have role
 *       {@code model}; consecutive turns of the same role are merged, so the results of parallel tool calls share
 *       one {@code user} turn;</li>
 *   <li>a tool result becomes a {@code functionResponse} part; Gemini pairs results with calls by function NAME, so
 *       the name is looked up from the latest earlier call with the result's id. Output that is a JSON object is
 *       sent as the response; anything else is wrapped as {@code {"content": ...}};</li>
 *   <li>Gemini responses carry no tool-call ids (newer models may send {@code functionCall.id}, used when present):
 *       calls get {@code call_<index>}, stable within a response, so a client echoing them back is understood;</li>
 *   <li>image URLs become {@code fileData} with a media type guessed from the extension (Gemini requires one);</li>
 *   <li>{@code response_format} json_object / json_schema becomes {@code responseMimeType: application/json};
 *       {@code user}, {@code parallel_tool_calls} and {@code reasoning_effort} are not sent.</li>
 * </ul>
 */
public final class GeminiCodec {

    static final ObjectMapper MAPPER = new ObjectMapper();

    private GeminiCodec() {
    }

    /** The {@code GenerateContentRequest} body for {@code request}. */
    public static ObjectNode encodeBody(ChatRequest request) {
        ObjectNode body = MAPPER.createObjectNode();
        ArrayNode contents = body.putArray("contents");
        ArrayNode system = MAPPER.createArrayNode();
        Map<String, String> toolNames = new HashMap<>();
        String lastRole = null;
        ArrayNode lastParts = null;
        for (Message message : request.messages()) {
            if (message.role() == Role.SYSTEM) {
                system.addObject().put("text", message.text());
                continue;
            }
            for (ToolCall call : message.toolCalls()) {
                if (call.id() != null) {
                    toolNames.put(call.id(), call.name());
                }
            }
            ArrayNode parts = parts(message, toolNames);
            if (parts.isEmpty()) {
                continue;
            }
            String role = message.role() == Role.ASSISTANT ? "model" : "user";
            if (role.equals(lastRole)) {
                lastParts.addAll(parts);
            } else {
                ObjectNode content = contents.addObject();
                content.put("role", role);
                lastParts = content.putArray("parts");
                lastParts.addAll(parts);
                lastRole = role;
            }
        }
        if (!system.isEmpty()) {
            body.putObject("systemInstruction").set("parts", system);
        }
        if (!request.tools().isEmpty()) {
            ArrayNode declarations = body.putArray("tools").addObject().putArray("functionDeclarations");
            for (ToolDefinition tool : request.tools()) {
                ObjectNode d = declarations.addObject();
                d.put("name", tool.name());
                if (tool.description() != null) {
                    d.put("description", tool.description());
                }
                if (tool.parameters() != null && !emptyObjectSchema(tool.parameters())) {
                    d.set("parameters", openApiSubset(tool.parameters()));
                }
            }
            if (request.toolChoice() != null) {
                ObjectNode config = body.putObject("toolConfig").putObject("functionCallingConfig");
                switch (request.toolChoice().mode()) {
                    case AUTO -> config.put("mode", "AUTO");
                    case NONE -> config.put("mode", "NONE");
                    case REQUIRED -> config.put("mode", "ANY");
                    case TOOL -> {
                        config.put("mode", "ANY");
                        config.putArray("allowedFunctionNames").add(request.toolChoice().toolName());
                    }
                }
            }
        }
        ObjectNode generation = MAPPER.createObjectNode();
        if (request.temperature() != null) {
            generation.put("temperature", request.temperature());
        }
        if (request.topP() != null) {
            generation.put("topP", request.topP());
        }
        if (request.maxTokens() != null) {
            generation.put("maxOutputTokens", request.maxTokens());
        }
        if (!request.stop().isEmpty()) {
            ArrayNode stop = generation.putArray("stopSequences");
            request.stop().forEach(stop::add);
        }
        if (request.presencePenalty() != null) {
            generation.put("presencePenalty", request.presencePenalty());
        }
        if (request.frequencyPenalty() != null) {
            generation.put("frequencyPenalty", request.frequencyPenalty());
        }
        if (request.seed() != null) {
            generation.put("seed", request.seed());
        }
        String formatType = request.responseFormat() == null ? "" : request.responseFormat().path("type").asText("");
        if (formatType.equals("json_object") || formatType.equals("json_schema")) {
            generation.put("responseMimeType", "application/json");
        }
        if (!generation.isEmpty()) {
            generation.put("candidateCount", 1);
            body.set("generationConfig", generation);
        }
        return body;
    }

    /** JSON Schema keywords outside the OpenAPI subset that {@code parameters} takes; Gemini rejects the request. */
    private static final java.util.Set<String> UNSUPPORTED_SCHEMA_KEYS = java.util.Set.of("$schema", "$id",
            "additionalProperties", "strict");

    /**
     * The schema without keywords Gemini's {@code parameters} rejects (OpenAI strict-mode tools always carry
     * {@code additionalProperties: false}). Copies only when something must go: most schemas pass untouched.
     */
    static JsonNode openApiSubset(JsonNode schema) {
        if (!containsUnsupported(schema)) {
            return schema;
        }
        JsonNode copy = schema.deepCopy();
        strip(copy);
        return copy;
    }

    /** Walks schemas, not data: the keys of a {@code properties} map are property names, never keywords. */
    private static boolean containsUnsupported(JsonNode schema) {
        if (schema.isArray()) {
            for (JsonNode item : schema) {
                if (containsUnsupported(item)) {
                    return true;
                }
            }
            return false;
        }
        if (!schema.isObject()) {
            return false;
        }
        for (String key : UNSUPPORTED_SCHEMA_KEYS) {
            if (schema.has(key)) {
                return true;
            }
        }
        for (Map.Entry<String, JsonNode> field : schema.properties()) {
            JsonNode value = field.getValue();
            if (field.getKey().equals("properties") && value.isObject()) {
                for (JsonNode property : value) {
                    if (containsUnsupported(property)) {
                        return true;
                    }
                }
            } else if (containsUnsupported(value)) {
                return true;
            }
        }
        return false;
    }

    private static void strip(JsonNode schema) {
        if (schema.isArray()) {
            schema.forEach(GeminiCodec::strip);
            return;
        }
        if (!(schema instanceof ObjectNode object)) {
            return;
        }
        object.remove(UNSUPPORTED_SCHEMA_KEYS);
        for (Map.Entry<String, JsonNode> field : object.properties()) {
            JsonNode value = field.getValue();
            if (field.getKey().equals("properties") && value.isObject()) {
                value.forEach(GeminiCodec::strip);
            } else {
                strip(value);
            }
        }
    }

    /** OpenAI clients send {@code {"type":"object","properties":{}}} for a function without parameters; Gemini rejects an object schema without properties. */
    private static boolean emptyObjectSchema(JsonNode schema) {
        return schema.path("type").asText("").equals("object") && schema.path("properties").isEmpty();
    }

    private static ArrayNode parts(Message message, Map<String, String> toolNames) {
        ArrayNode parts = MAPPER.createArrayNode();
        if (message.role() == Role.TOOL) {
            ObjectNode response = parts.addObject().putObject("functionResponse");
            String name = message.toolCallId() == null ? null : toolNames.get(message.toolCallId());
            response.put("name", name != null ? name : message.name() != null ? message.name() : "unknown");
            response.set("response", toolResponse(message.text()));
            return parts;
        }
        for (ContentPart part : message.content()) {
            if (part instanceof ContentPart.Text t) {
                if (!t.text().isEmpty()) {
                    parts.addObject().put("text", t.text());
                }
            } else if (part instanceof ContentPart.Image image) {
                if (image.inline()) {
                    parts.addObject().putObject("inlineData").put("mimeType", image.mediaType())
                            .put("data", image.base64());
                } else {
                    parts.addObject().putObject("fileData").put("mimeType", mediaTypeOf(image.url()))
                            .put("fileUri", image.url());
                }
            }
        }
        for (ToolCall call : message.toolCalls()) {
            parts.addObject().set("functionCall", functionCall(call));
        }
        return parts;
    }

    /** {@code {"name","args"}} of a {@code functionCall} part; arguments that are not a JSON object become {@code {}}. */
    static ObjectNode functionCall(ToolCall call) {
        ObjectNode f = MAPPER.createObjectNode();
        f.put("name", call.name());
        f.set("args", objectOrEmpty(call.arguments()));
        return f;
    }

    private static JsonNode toolResponse(String output) {
        try {
            JsonNode json = MAPPER.readTree(output);
            if (json != null && json.isObject()) {
                return json;
            }
        } catch (IOException e) {
            // plain text: wrapped below
        }
        return MAPPER.createObjectNode().put("content", output);
    }

    static JsonNode objectOrEmpty(String arguments) {
        if (arguments == null || arguments.isBlank()) {
            return MAPPER.createObjectNode();
        }
        try {
            JsonNode json = MAPPER.readTree(arguments);
            return json != null && json.isObject() ? json : MAPPER.createObjectNode();
        } catch (IOException e) {
            return MAPPER.createObjectNode();
        }
    }

    static String mediaTypeOf(String url) {
        String path = url.toLowerCase(Locale.ROOT);
        int query = path.indexOf('?');
        if (query >= 0) {
            path = path.substring(0, query);
        }
        if (path.endsWith(".png")) {
            return "image/png";
        }
        if (path.endsWith(".gif")) {
            return "image/gif";
        }
        if (path.endsWith(".webp")) {
            return "image/webp";
        }
        if (path.endsWith(".heic")) {
            return "image/heic";
        }
        return "image/jpeg";
    }

    /** Decodes a {@code GenerateContentResponse}. */
    public static ChatResponse decode(byte[] body, Clock clock) {
        JsonNode root = readObject(body, "Gemini response");
        JsonNode candidates = root.path("candidates");
        if (!candidates.isArray() && !root.has("promptFeedback")) {
            throw protocol("Gemini response has no candidates");
        }
        JsonNode candidate = candidates.path(0);
        StringBuilder text = new StringBuilder();
        List<ToolCall> calls = new ArrayList<>();
        for (JsonNode part : candidate.path("content").path("parts")) {
            if (part.path("thought").asBoolean(false)) {
                continue;
            }
            if (part.path("text").isTextual()) {
                text.append(part.get("text").textValue());
            } else if (part.path("functionCall").isObject()) {
                calls.add(toolCall(part.get("functionCall"), calls.size()));
            }
        }
        FinishReason reason = finishReason(candidate.path("finishReason").asText(null), !calls.isEmpty());
        if (candidate.isMissingNode()) {
            // the prompt itself was blocked (promptFeedback.blockReason): no candidate at all
            reason = FinishReason.CONTENT_FILTER;
        }
        List<ContentPart> content = text.length() == 0 && !calls.isEmpty()
                ? List.of() : List.of(new ContentPart.Text(text.toString()));
        Message message = new Message(Role.ASSISTANT, content, null, calls, null);
        return new ChatResponse(root.path("responseId").asText(null), root.path("modelVersion").asText(null),
                clock.instant().getEpochSecond(), List.of(new ChatResponse.Choice(0, message, reason)),
                usage(root.get("usageMetadata")));
    }

    static ToolCall toolCall(JsonNode functionCall, int index) {
        String id = functionCall.path("id").isTextual() ? functionCall.get("id").textValue() : "call_" + index;
        JsonNode args = functionCall.path("args");
        return new ToolCall(id, functionCall.path("name").asText(null),
                args.isObject() ? args.toString() : "{}");
    }

    /** Gemini's finish reason; {@code STOP} with function calls is a tool-call finish in the canonical model. */
    static FinishReason finishReason(String reason, boolean calledTools) {
        if (reason == null || reason.isEmpty() || reason.equals("FINISH_REASON_UNSPECIFIED")) {
            return calledTools ? FinishReason.TOOL_CALLS : null;
        }
        return switch (reason) {
            case "MAX_TOKENS" -> FinishReason.LENGTH;
            case "SAFETY", "RECITATION", "BLOCKLIST", "PROHIBITED_CONTENT", "SPII", "IMAGE_SAFETY" ->
                    FinishReason.CONTENT_FILTER;
            default -> calledTools ? FinishReason.TOOL_CALLS : FinishReason.STOP;
        };
    }

    /**
     * {@code usageMetadata}: the prompt count already includes cached tokens; thinking tokens are billed as output,
     * so they are added to the completion count and reported as reasoning tokens.
     */
    static Usage usage(JsonNode u) {
        if (u == null || !u.isObject()) {
            return null;
        }
        long thoughts = u.path("thoughtsTokenCount").asLong();
        return new Usage(u.path("promptTokenCount").asLong() + u.path("toolUsePromptTokenCount").asLong(),
                u.path("candidatesTokenCount").asLong() + thoughts, u.path("cachedContentTokenCount").asLong(), 0,
                thoughts);
    }

    /** The inverse of {@link #finishReason}: the {@code finishReason} Gemini would give (tool calls finish with STOP). */
    static String finishReasonName(FinishReason reason) {
        if (reason == null) {
            return "STOP";
        }
        return switch (reason) {
            case LENGTH -> "MAX_TOKENS";
            case CONTENT_FILTER -> "SAFETY";
            default -> "STOP";
        };
    }

    /** The inverse of {@link #usage}: thinking tokens leave the candidates count for {@code thoughtsTokenCount}. */
    static ObjectNode usageMetadata(Usage usage) {
        ObjectNode u = MAPPER.createObjectNode();
        u.put("promptTokenCount", usage.promptTokens());
        u.put("candidatesTokenCount", usage.completionTokens() - usage.reasoningTokens());
        u.put("totalTokenCount", usage.totalTokens());
        if (usage.cachedPromptTokens() > 0) {
            u.put("cachedContentTokenCount", usage.cachedPromptTokens());
        }
        if (usage.reasoningTokens() > 0) {
            u.put("thoughtsTokenCount", usage.reasoningTokens());
        }
        return u;
    }

    /** Google's canonical error code name ({@code google.rpc.Code}) for an HTTP status, as its APIs pair them. */
    public static String statusName(int httpStatus) {
        return switch (httpStatus) {
            case 400, 413 -> "INVALID_ARGUMENT";
            case 401 -> "UNAUTHENTICATED";
            case 403 -> "PERMISSION_DENIED";
            case 404 -> "NOT_FOUND";
            case 409 -> "ABORTED";
            case 429 -> "RESOURCE_EXHAUSTED";
            case 499 -> "CANCELLED";
            case 501 -> "UNIMPLEMENTED";
            case 502, 503 -> "UNAVAILABLE";
            case 504 -> "DEADLINE_EXCEEDED";
            default -> httpStatus >= 400 && httpStatus < 500 ? "FAILED_PRECONDITION" : "INTERNAL";
        };
    }

    /** Google's error body {@code {"error":{"code","message","status"}}}. */
    public static ObjectNode errorBody(int httpStatus, String message) {
        ObjectNode root = MAPPER.createObjectNode();
        root.putObject("error").put("code", httpStatus).put("message", message).put("status", statusName(httpStatus));
        return root;
    }

    /** A decoder for a {@code streamGenerateContent?alt=sse} response. */
    public static StreamDecoder streamDecoder(Clock clock) {
        return new GeminiStreamDecoder(clock);
    }

    /** Classifies a non-2xx answer in Google's error shape {@code {"error":{"code","message","status","details"}}}. */
    public static ProviderError classify(int status, String retryAfter, byte[] body, Clock clock) {
        JsonNode error = MAPPER.missingNode();
        if (body != null && body.length > 0) {
            try {
                JsonNode root = MAPPER.readTree(body);
                if (root != null && root.isArray() && !root.isEmpty()) {
                    root = root.get(0); // streamGenerateContent without alt=sse answers errors in a JSON array
                }
                if (root != null && root.path("error").isObject()) {
                    error = root.get("error");
                }
            } catch (IOException e) {
                // not Google's shape (a proxy's HTML page, say): classify by status alone
            }
        }
        return classify(status, retryAfter, error, clock);
    }

    static ProviderError classify(int status, String retryAfter, JsonNode error, Clock clock) {
        String code = error.path("status").asText("");
        String message = error.path("message").isTextual() ? error.get("message").textValue()
                : "upstream returned HTTP " + status;
        String lower = message.toLowerCase(Locale.ROOT);
        if (status == 429 || code.equals("RESOURCE_EXHAUSTED")) {
            Duration delay = RetryAfter.parse(retryAfter, clock);
            return new ProviderError.RateLimited(message, status, delay != null ? delay : retryDelay(error));
        }
        if (status == 401 || status == 403 || code.equals("UNAUTHENTICATED") || code.equals("PERMISSION_DENIED")
                || hasReason(error, "API_KEY_INVALID")) {
            int upstream = status == 401 || status == 403 ? status : code.equals("PERMISSION_DENIED") ? 403 : 401;
            return new ProviderError.AuthFailure("the provider rejected the gateway's credential (HTTP " + status
                    + (code.isEmpty() ? "" : ", " + code) + ")", upstream);
        }
        if (status == 400 && (lower.contains("exceeds the maximum")
                || (lower.contains("token") && (lower.contains("exceed") || lower.contains("too long"))))) {
            return new ProviderError.ContextTooLong(message, status);
        }
        return ProviderError.byStatus(status, message, null, code.isEmpty() ? null : code);
    }

    private static boolean hasReason(JsonNode error, String reason) {
        for (JsonNode detail : error.path("details")) {
            if (reason.equals(detail.path("reason").asText())) {
                return true;
            }
        }
        return false;
    }

    /** {@code retryDelay} of a {@code google.rpc.RetryInfo} detail ({@code "5s"}, {@code "1.5s"}), or null. */
    static Duration retryDelay(JsonNode error) {
        for (JsonNode detail : error.path("details")) {
            if (detail.path("@type").asText("").endsWith("google.rpc.RetryInfo")) {
                String delay = detail.path("retryDelay").asText("");
                if (delay.endsWith("s")) {
                    try {
                        double seconds = Double.parseDouble(delay.substring(0, delay.length() - 1));
                        return seconds >= 0 ? Duration.ofMillis((long) Math.ceil(seconds * 1000)) : null;
                    } catch (NumberFormatException e) {
                        return null;
                    }
                }
            }
        }
        return null;
    }

    static JsonNode readObject(byte[] body, String what) {
        try {
            JsonNode root = MAPPER.readTree(body);
            if (root == null || !root.isObject()) {
                throw protocol(what + " is not a JSON object");
            }
            return root;
        } catch (IOException e) {
            throw protocol(what + " is not valid JSON");
        }
    }

    static ProviderException protocol(String message) {
        return new ProviderException(new ProviderError.ProtocolError(message));
    }

    public static byte[] write(JsonNode body) {
        try {
            return MAPPER.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise a JSON tree", e);
        }
    }
}
