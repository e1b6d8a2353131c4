package dev.heimdall.loadtest.mock.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.heimdall.loadtest.mock.Exchange;
import dev.heimdall.loadtest.mock.Exchange.SseEvent;
import dev.heimdall.loadtest.mock.MockJson;
import dev.heimdall.loadtest.mock.ProviderMock;
import dev.heimdall.loadtest.mock.Replies;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The Anthropic Messages wire format under {@code /anthropic}: {@code POST /v1/messages},
 * {@code POST /v1/messages/count_tokens}, {@code GET /v1/models}. Written from the public API reference.
 *
 * <p>Beyond the rules of {@link Replies}: the system prompt counts as one message; {@code tool_use} blocks count
 * their input as JSON text. Prompt caching: the prefix up to and including the last section (tools, system, then
 * each message in order) that contains a block with {@code cache_control} is the cached prefix; the first request
 * with a given prefix reports its tokens as {@code cache_creation_input_tokens}, later ones as
 * {@code cache_read_input_tokens}; {@code input_tokens} is the rest.
 */
public final class AnthropicMock implements ProviderMock {
    private static final Set<String> BLOCK_TYPES = Set.of("text", "image", "document", "tool_use", "tool_result",
            "thinking", "redacted_thinking", "search_result", "server_tool_use", "web_search_tool_result");
    private static final List<String> MODELS = List.of("claude-sonnet-4-5", "claude-opus-4-1", "claude-haiku-4-5",
            "claude-3-5-haiku-latest");
    private final Set<String> cachedPrefixes = ConcurrentHashMap.newKeySet();

    @Override
    public String name() {
        return "anthropic";
    }

    @Override
    public String apiKey(HttpServerRequest request) {
        return request.getHeader("x-api-key");
    }

    private record Prompt(int tokens, int cachedPrefix, String prefixKey, String lastUserText, int images,
                          String toolResult, boolean endsWithUser) {
    }

    /** Thrown by parsing: becomes a 400 invalid_request_error. */
    private static final class Invalid extends Exception {
        Invalid(String message) {
            super(message, null, false, false);
        }
    }

    @Override
    public void handle(Exchange ex) {
        HttpMethod m = ex.request().method();
        String path = ex.subPath();
        boolean messages = m == HttpMethod.POST && path.equals("/v1/messages");
        boolean count = m == HttpMethod.POST && path.equals("/v1/messages/count_tokens");
        boolean models = m == HttpMethod.GET && path.equals("/v1/models");
        if (!messages && !count && !models) {
            error(ex, 404, "not_found_error", "Not Found");
            return;
        }
        String key = ex.apiKey();
        if (key == null || key.isEmpty()) {
            error(ex, 401, "authentication_error", "x-api-key header is required");
            return;
        }
        if (!ex.config().accepts(key)) {
            error(ex, 401, "authentication_error", "invalid x-api-key");
            return;
        }
        if (ex.request().getHeader("anthropic-version") == null) {
            error(ex, 400, "invalid_request_error", "anthropic-version: header is required");
            return;
        }
        if (models) {
            models(ex);
            return;
        }
        JsonNode body = ex.json();
        if (!ex.jsonValid() || body == null || !body.isObject()) {
            error(ex, 400, "invalid_request_error", "There was an issue with the request body: it is not valid JSON");
            return;
        }
        try {
            JsonNode model = body.get("model");
            if (model == null || model.isNull()) {
                throw new Invalid("model: Field required");
            }
            if (!model.isTextual()) {
                throw new Invalid("model: Input should be a valid string");
            }
            int maxTokens = messages ? maxTokens(body) : 0;
            Prompt prompt = prompt(body);
            if (count) {
                ex.respond(200, MockJson.bytes(MockJson.object().put("input_tokens", prompt.tokens)), headers());
                return;
            }
            int limit = ex.config().contextLimit(model.asText());
            if (prompt.tokens > limit) {
                throw new Invalid("prompt is too long: " + prompt.tokens + " tokens > " + limit + " maximum");
            }
            messages(ex, body, model.asText(), maxTokens, prompt);
        } catch (Invalid e) {
            error(ex, 400, "invalid_request_error", e.getMessage());
        }
    }

    /**
     * Serves a Messages request whose model is not in the body: Vertex AI's {@code rawPredict} carries it in the URL
     * (and {@code anthropic_version} in the body instead of a header). The caller has authenticated the request.
     */
    public void serveMessages(Exchange ex, String model) {
        JsonNode body = ex.json();
        if (!ex.jsonValid() || body == null || !body.isObject()) {
            error(ex, 400, "invalid_request_error", "There was an issue with the request body: it is not valid JSON");
            return;
        }
        try {
            int maxTokens = maxTokens(body);
            Prompt prompt = prompt(body);
            int limit = ex.config().contextLimit(model);
            if (prompt.tokens > limit) {
                throw new Invalid("prompt is too long: " + prompt.tokens + " tokens > " + limit + " maximum");
            }
            messages(ex, body, model, maxTokens, prompt);
        } catch (Invalid e) {
            error(ex, 400, "invalid_request_error", e.getMessage());
        }
    }

    private static int maxTokens(JsonNode body) throws Invalid {
        JsonNode max = body.get("max_tokens");
        if (max == null || max.isNull()) {
            throw new Invalid("max_tokens: Field required");
        }
        if (!max.isIntegralNumber()) {
            throw new Invalid("max_tokens: Input should be a valid integer");
        }
        int maxTokens = max.asInt();
        if (maxTokens < 1) {
            throw new Invalid("max_tokens: Input should be greater than or equal to 1");
        }
        return maxTokens;
    }

    private Prompt prompt(JsonNode body) throws Invalid {
        JsonNode messages = body.get("messages");
        if (messages == null || messages.isNull()) {
            throw new Invalid("messages: Field required");
        }
        if (!messages.isArray()) {
            throw new Invalid("messages: Input should be a valid list");
        }
        if (messages.isEmpty()) {
            throw new Invalid("messages: at least one message is required");
        }
        int tokens = Replies.PRIMING_TOKENS;
        int cachedPrefix = 0;
        int cachedSections = -1;
        List<JsonNode> sections = new ArrayList<>();

        JsonNode tools = body.get("tools");
        if (tools != null && !tools.isNull()) {
            if (!tools.isArray()) {
                throw new Invalid("tools: Input should be a valid list");
            }
            for (int i = 0; i < tools.size(); i++) {
                JsonNode t = tools.get(i);
                if (!t.path("name").isTextual()) {
                    throw new Invalid("tools." + i + ".name: Field required");
                }
                boolean custom = !t.hasNonNull("type") || t.get("type").asText().equals("custom");
                if (custom && !t.path("input_schema").isObject()) {
                    throw new Invalid("tools." + i + ".input_schema: Field required");
                }
            }
            if (!tools.isEmpty()) {
                tokens += Replies.tokens(tools.toString());
                sections.add(tools);
                if (hasCacheControl(tools)) {
                    cachedPrefix = tokens;
                    cachedSections = sections.size();
                }
            }
        }
        JsonNode system = body.get("system");
        if (system != null && !system.isNull()) {
            String text;
            if (system.isTextual()) {
                text = system.asText();
            } else if (system.isArray()) {
                StringBuilder sb = new StringBuilder();
                for (int i = 0; i < system.size(); i++) {
                    JsonNode b = system.get(i);
                    if (!b.path("type").asText().equals("text") || !b.path("text").isTextual()) {
                        throw new Invalid("system." + i + ": Input should be a valid text block");
                    }
                    if (!sb.isEmpty()) {
                        sb.append(' ');
                    }
                    sb.append(b.get("text").asText());
                }
                text = sb.toString();
            } else {
                throw new Invalid("system: Input should be a valid string or a list of text blocks");
            }
            tokens += Replies.PER_MESSAGE_TOKENS + Replies.tokens(text);
            sections.add(system);
            if (hasCacheControl(system)) {
                cachedPrefix = tokens;
                cachedSections = sections.size();
            }
        }
        String lastUserText = "";
        int images = 0;
        String toolResult = null;
        for (int i = 0; i < messages.size(); i++) {
            JsonNode msg = messages.get(i);
            if (!msg.isObject()) {
                throw new Invalid("messages." + i + ": Input should be a valid dictionary");
            }
            JsonNode role = msg.get("role");
            if (role == null || role.isNull()) {
                throw new Invalid("messages." + i + ".role: Field required");
            }
            if (!role.isTextual() || !(role.asText().equals("user") || role.asText().equals("assistant"))) {
                throw new Invalid("messages." + i + ".role: Input should be 'user' or 'assistant'");
            }
            JsonNode content = msg.get("content");
            if (content == null || content.isNull()) {
                throw new Invalid("messages." + i + ".content: Field required");
            }
            StringBuilder text = new StringBuilder();
            StringBuilder results = new StringBuilder();
            int msgImages = 0;
            boolean hasResult = false;
            if (content.isTextual()) {
                text.append(content.asText());
            } else if (content.isArray()) {
                for (int j = 0; j < content.size(); j++) {
                    JsonNode block = content.get(j);
                    String where = "messages." + i + ".content." + j;
                    String type = block.path("type").asText("");
                    if (!BLOCK_TYPES.contains(type)) {
                        throw new Invalid(where + ": Input tag '" + type + "' found using 'type' does not match any "
                                + "of the expected tags: 'text', 'image', 'document', 'tool_use', 'tool_result', "
                                + "'thinking', 'redacted_thinking'");
                    }
                    switch (type) {
                        case "text" -> {
                            if (!block.path("text").isTextual()) {
                                throw new Invalid(where + ".text: Field required");
                            }
                            append(text, block.get("text").asText());
                        }
                        case "image", "document" -> {
                            validateSource(block.get("source"), where + ".source");
                            msgImages += type.equals("image") ? 1 : 0;
                        }
                        case "tool_use" -> {
                            if (!block.path("id").isTextual() || !block.path("name").isTextual()) {
                                throw new Invalid(where + ".id: Field required");
                            }
                            append(text, block.path("input").toString());
                        }
                        case "tool_result" -> {
                            if (!block.path("tool_use_id").isTextual()) {
                                throw new Invalid(where + ".tool_use_id: Field required");
                            }
                            hasResult = true;
                            String r = resultText(block.get("content"));
                            if (!results.isEmpty()) {
                                results.append("; ");
                            }
                            results.append(r);
                            append(text, r);
                        }
                        default -> append(text, block.path("thinking").asText(""));
                    }
                }
            } else {
                throw new Invalid("messages." + i + ".content: Input should be a valid string or list");
            }
            tokens += Replies.PER_MESSAGE_TOKENS + Replies.tokens(text.toString())
                    + Replies.PER_IMAGE_TOKENS * msgImages;
            sections.add(msg);
            if (hasCacheControl(content)) {
                cachedPrefix = tokens;
                cachedSections = sections.size();
            }
            if (role.asText().equals("user")) {
                if (hasResult) {
                    toolResult = results.toString();
                } else {
                    toolResult = null;
                    lastUserText = text.toString();
                    images = msgImages;
                }
            } else {
                toolResult = null;
            }
        }
        boolean endsWithUser = messages.get(messages.size() - 1).path("role").asText().equals("user");
        if (!endsWithUser) {
            toolResult = null;
        }
        String prefixKey = cachedSections < 0 ? null
                : MockJson.string(MockJson.MAPPER.valueToTree(sections.subList(0, cachedSections)));
        return new Prompt(tokens, cachedPrefix, prefixKey, lastUserText, images, toolResult, endsWithUser);
    }

    private static void append(StringBuilder sb, String text) {
        if (!sb.isEmpty()) {
            sb.append(' ');
        }
        sb.append(text);
    }

    private static void validateSource(JsonNode source, String where) throws Invalid {
        if (source == null || !source.isObject()) {
            throw new Invalid(where + ": Field required");
        }
        String type = source.path("type").asText("");
        switch (type) {
            case "base64" -> {
                if (!source.path("media_type").isTextual() || !source.path("data").isTextual()) {
                    throw new Invalid(where + ".data: Field required");
                }
            }
            case "url" -> {
                if (!source.path("url").isTextual()) {
                    throw new Invalid(where + ".url: Field required");
                }
            }
            case "text", "file", "content" -> {
            }
            default -> throw new Invalid(where + ": Input tag '" + type + "' found using 'type' does not match any"
                    + " of the expected tags: 'base64', 'url'");
        }
    }

    private static String resultText(JsonNode content) {
        if (content == null || content.isNull()) {
            return "";
        }
        if (content.isTextual()) {
            return content.asText();
        }
        StringBuilder sb = new StringBuilder();
        for (JsonNode b : content) {
            if (b.path("type").asText().equals("text")) {
                append(sb, b.path("text").asText());
            }
        }
        return sb.toString();
    }

    private static boolean hasCacheControl(JsonNode node) {
        if (node.isArray()) {
            for (JsonNode n : node) {
                if (n.isObject() && n.hasNonNull("cache_control")) {
                    return true;
                }
            }
        }
        return false;
    }

    private void messages(Exchange ex, JsonNode body, String model, int maxTokens, Prompt prompt) throws Invalid {
        List<String> stops = new ArrayList<>();
        JsonNode stopSequences = body.get("stop_sequences");
        if (stopSequences != null && !stopSequences.isNull()) {
            if (!stopSequences.isArray()) {
                throw new Invalid("stop_sequences: Input should be a valid list");
            }
            stopSequences.forEach(s -> stops.add(s.asText()));
        }
        JsonNode stream = body.get("stream");
        if (stream != null && !stream.isNull() && !stream.isBoolean()) {
            throw new Invalid("stream: Input should be a valid boolean");
        }
        JsonNode tool = prompt.endsWithUser && prompt.toolResult == null
                ? chosenTool(body.get("tools"), body.get("tool_choice")) : null;
        boolean streaming = stream != null && stream.asBoolean();

        int cacheCreation = 0;
        int cacheRead = 0;
        if (prompt.prefixKey != null) {
            if (cachedPrefixes.size() > 100_000) {
                cachedPrefixes.clear();
            }
            if (cachedPrefixes.add(prompt.prefixKey)) {
                cacheCreation = prompt.cachedPrefix;
            } else {
                cacheRead = prompt.cachedPrefix;
            }
        }
        int inputTokens = prompt.tokens - cacheCreation - cacheRead;
        String id = Replies.id("msg_", 24);

        String stopReason;
        String stopSequence = null;
        int outputTokens;
        List<String> deltas;
        ObjectNode block;
        if (tool != null) {
            ObjectNode input = Replies.arguments(tool.get("input_schema"), prompt.lastUserText);
            String json = MockJson.string(input);
            outputTokens = Replies.fragments(json, 1).size();
            deltas = Replies.fragments(json, ex.config().streamChunkWords());
            stopReason = "tool_use";
            block = MockJson.object().put("type", "tool_use").put("id", Replies.id("toolu_", 24))
                    .put("name", tool.path("name").asText());
            block.set("input", input);
        } else {
            String reply = prompt.toolResult != null ? Replies.toolResultReply(prompt.toolResult)
                    : Replies.reply(prompt.lastUserText, prompt.images);
            Replies.Output out = Replies.limit(reply, stops, maxTokens);
            outputTokens = out.pieces().size();
            deltas = Replies.group(out.pieces(), ex.config().streamChunkWords());
            stopReason = out.truncated() ? "max_tokens" : out.stopSequence() != null ? "stop_sequence" : "end_turn";
            stopSequence = out.stopSequence();
            block = MockJson.object().put("type", "text").put("text", out.text());
        }

        if (!streaming) {
            ObjectNode res = message(id, model, stopReason, stopSequence);
            res.withArray("content").add(block);
            res.set("usage", usage(inputTokens, outputTokens, cacheCreation, cacheRead));
            ex.respond(200, MockJson.bytes(res), headers());
            return;
        }
        List<SseEvent> events = new ArrayList<>();
        ObjectNode startMessage = message(id, model, null, null);
        startMessage.set("usage", usage(inputTokens, 1, cacheCreation, cacheRead));
        ObjectNode start = MockJson.object().put("type", "message_start");
        start.set("message", startMessage);
        events.add(SseEvent.named("message_start", MockJson.string(start), false));
        ObjectNode startBlock = block.deepCopy();
        if (tool != null) {
            startBlock.putObject("input");
        } else {
            startBlock.put("text", "");
        }
        ObjectNode blockStart = MockJson.object().put("type", "content_block_start").put("index", 0);
        blockStart.set("content_block", startBlock);
        events.add(SseEvent.named("content_block_start", MockJson.string(blockStart), false));
        events.add(SseEvent.named("ping", "{\"type\": \"ping\"}", false));
        for (String d : deltas) {
            ObjectNode delta = MockJson.object().put("type", "content_block_delta").put("index", 0);
            if (tool != null) {
                delta.putObject("delta").put("type", "input_json_delta").put("partial_json", d);
            } else {
                delta.putObject("delta").put("type", "text_delta").put("text", d);
            }
            events.add(SseEvent.named("content_block_delta", MockJson.string(delta), true));
        }
        events.add(SseEvent.named("content_block_stop",
                MockJson.string(MockJson.object().put("type", "content_block_stop").put("index", 0)), false));
        ObjectNode messageDelta = MockJson.object().put("type", "message_delta");
        messageDelta.putObject("delta").put("stop_reason", stopReason).put("stop_sequence", stopSequence);
        messageDelta.putObject("usage").put("output_tokens", outputTokens);
        events.add(SseEvent.named("message_delta", MockJson.string(messageDelta), false));
        events.add(SseEvent.named("message_stop", "{\"type\":\"message_stop\"}", false));
        ex.stream(events, headers());
    }

    /** The tool to call, or null: none when tool_choice is none, the named one for type tool, else the first. */
    private static JsonNode chosenTool(JsonNode tools, JsonNode choice) throws Invalid {
        if (tools == null || !tools.isArray() || tools.isEmpty()) {
            return null;
        }
        if (choice != null && !choice.isNull()) {
            String type = choice.path("type").asText("");
            switch (type) {
                case "none" -> {
                    return null;
                }
                case "auto", "any" -> {
                    return tools.get(0);
                }
                case "tool" -> {
                    String name = choice.path("name").asText(null);
                    if (name == null) {
                        throw new Invalid("tool_choice.tool.name: Field required");
                    }
                    for (JsonNode t : tools) {
                        if (name.equals(t.path("name").asText())) {
                            return t;
                        }
                    }
                    throw new Invalid("Tool '" + name + "' not found in provided tools");
                }
                default -> throw new Invalid("tool_choice: Input tag '" + type + "' found using 'type' does not "
                        + "match any of the expected tags: 'auto', 'any', 'tool', 'none'");
            }
        }
        return tools.get(0);
    }

    private static ObjectNode message(String id, String model, String stopReason, String stopSequence) {
        ObjectNode res = MockJson.object();
        res.put("id", id).put("type", "message").put("role", "assistant").put("model", model);
        res.putArray("content");
        res.put("stop_reason", stopReason).put("stop_sequence", stopSequence);
        return res;
    }

    private static ObjectNode usage(int input, int output, int cacheCreation, int cacheRead) {
        ObjectNode u = MockJson.object();
        u.put("input_tokens", input).put("cache_creation_input_tokens", cacheCreation)
                .put("cache_read_input_tokens", cacheRead).put("output_tokens", output);
        u.put("service_tier", "standard");
        return u;
    }

    private void models(Exchange ex) {
        ObjectNode res = MockJson.object();
        ArrayNode data = res.putArray("data");
        for (String id : MODELS) {
            data.addObject().put("type", "model").put("id", id).put("display_name", id)
                    .put("created_at", "2025-01-01T00:00:00Z");
        }
        res.put("has_more", false).put("first_id", MODELS.get(0)).put("last_id", MODELS.get(MODELS.size() - 1));
        ex.respond(200, MockJson.bytes(res), headers());
    }

    private static Map<String, String> headers() {
        return Map.of("request-id", Replies.id("req_", 24));
    }

    private static void error(Exchange ex, int status, String type, String message) {
        ex.respond(status, errorBody(type, message), headers());
    }

    private static byte[] errorBody(String type, String message) {
        ObjectNode res = MockJson.object().put("type", "error");
        res.putObject("error").put("type", type).put("message", message);
        res.put("request_id", Replies.id("req_", 24));
        return MockJson.bytes(res);
    }

    @Override
    public byte[] faultBody(int status) {
        return switch (status) {
            case 400 -> errorBody("invalid_request_error", "Mock fault: invalid request");
            case 401 -> errorBody("authentication_error", "invalid x-api-key");
            case 403 -> errorBody("permission_error", "Your API key does not have permission to use this resource.");
            case 404 -> errorBody("not_found_error", "Not found");
            case 413 -> errorBody("request_too_large", "Request exceeds the maximum allowed number of bytes.");
            case 429 -> errorBody("rate_limit_error", "Number of requests has exceeded your rate limit. Please try "
                    + "again later.");
            case 529 -> errorBody("overloaded_error", "Overloaded");
            default -> errorBody(status >= 500 ? "api_error" : "invalid_request_error",
                    status >= 500 ? "Internal server error" : "Mock fault: HTTP " + status);
        };
    }
}
