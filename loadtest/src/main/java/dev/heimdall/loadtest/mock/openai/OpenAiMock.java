package dev.heimdall.loadtest.mock.openai;

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
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * The OpenAI wire format under {@code /openai}: {@code POST /v1/chat/completions}, {@code POST /v1/embeddings},
 * {@code POST /v1/moderations}, {@code GET /v1/models}. Written from the public API reference.
 *
 * <p>Beyond the rules of {@link Replies}: {@code max_completion_tokens} (else {@code max_tokens}) truncates with
 * {@code finish_reason: "length"}; {@code n} is ignored (one choice); {@code cached_tokens} is the tokens of the
 * system and developer messages rounded down to a multiple of 128 when they reach 1024, else 0. Embeddings are
 * deterministic: uniform values from a {@link SplittableRandom} seeded by a 64-bit FNV-1a hash of the input
 * (strings as UTF-8, token arrays as their decimal numbers joined by commas), normalised to unit length.
 */
public final class OpenAiMock implements ProviderMock {
    private static final Set<String> ROLES = Set.of("system", "developer", "user", "assistant", "tool", "function");
    private static final String FINGERPRINT = "fp_mock0001";
    private static final List<String> MODELS = List.of("gpt-4o", "gpt-4o-mini", "gpt-4.1", "gpt-4.1-mini",
            "o3-mini", "text-embedding-3-small", "text-embedding-3-large");
    private static final long MODELS_CREATED = 1_715_367_049L;
    private static final String MODERATIONS_PATH = "/v1/moderations";
    private static final List<String> MODERATION_CATEGORIES = List.of("harassment", "hate", "self-harm", "sexual",
            "violence");

    private final String name;
    private final boolean keyRequired;

    /** OpenAI itself, under {@code /openai}. */
    public OpenAiMock() {
        this("openai", true);
    }

    /**
     * @param name        the path prefix
     * @param keyRequired false for a local OpenAI-compatible server (vLLM, Ollama, LM Studio), which takes requests
     *                    with any key or none
     */
    public OpenAiMock(String name, boolean keyRequired) {
        this.name = name;
        this.keyRequired = keyRequired;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String apiKey(HttpServerRequest request) {
        String auth = request.getHeader("authorization");
        if (auth == null || !auth.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        return auth.substring(7).trim();
    }

    @Override
    public void handle(Exchange ex) {
        HttpMethod m = ex.request().method();
        String path = ex.subPath();
        boolean post = m == HttpMethod.POST;
        if (!(post && (path.equals("/v1/chat/completions") || path.equals("/v1/embeddings")
                || path.equals(MODERATIONS_PATH)))
                && !(m == HttpMethod.GET && path.equals("/v1/models"))) {
            error(ex, 404, "Invalid URL (" + m + " " + path + ")", "invalid_request_error", null, null);
            return;
        }
        if (keyRequired && !ex.config().accepts(ex.apiKey())) {
            String message = ex.apiKey() == null || ex.apiKey().isEmpty()
                    ? "You didn't provide an API key. You need to provide your API key in an Authorization header "
                    + "using Bearer auth (i.e. Authorization: Bearer YOUR_KEY), or as the password field (with blank "
                    + "username) if you're accessing the API from your browser and are prompted for a username and "
                    + "password. You can obtain an API key from https://platform.openai.com/account/api-keys."
                    : "Incorrect API key provided: " + mask(ex.apiKey()) + ". You can find your API key at "
                    + "https://platform.openai.com/account/api-keys.";
            error(ex, 401, message, "invalid_request_error", null, "invalid_api_key");
            return;
        }
        if (!post) {
            models(ex);
            return;
        }
        if (path.equals(MODERATIONS_PATH)) {
            moderations(ex);
            return;
        }
        serve(ex, path.equals("/v1/embeddings"), null);
    }

    /**
     * Answers an authorised chat completions (or embeddings) request, for this format and for APIs that reuse it
     * (Azure OpenAI).
     *
     * @param defaultModel the model when the body names none (Azure's deployment), or null when one is required
     */
    public void serve(Exchange ex, boolean embeddings, String defaultModel) {
        JsonNode body = ex.json();
        if (!ex.jsonValid() || body == null || !body.isObject()) {
            error(ex, 400, "We could not parse the JSON body of your request. (HINT: This likely means you aren't "
                    + "using your HTTP library correctly. The OpenAI API expects a JSON payload, but what was sent "
                    + "was not valid JSON.)", "invalid_request_error", null, null);
            return;
        }
        JsonNode model = body.get("model");
        if ((model == null || model.isNull()) && defaultModel != null) {
            model = com.fasterxml.jackson.databind.node.TextNode.valueOf(defaultModel);
        }
        if (model == null || model.isNull()) {
            error(ex, 400, "you must provide a model parameter", "invalid_request_error", null, null);
            return;
        }
        if (!model.isTextual()) {
            invalidType(ex, "model", "a string", model);
            return;
        }
        if (embeddings) {
            embeddings(ex, body, model.asText());
        } else {
            chat(ex, body, model.asText());
        }
    }

    // ---- moderations ------------------------------------------------------------------------------------------

    /**
     * {@code POST /v1/moderations}: one result per input (a string, an array of strings, or an array of
     * {@code {"type":"text","text":...}} parts); an input is flagged, in category {@code violence}, when it contains
     * {@link dev.heimdall.loadtest.mock.MockConfig#moderationFlagWord()}, case-insensitively.
     */
    private void moderations(Exchange ex) {
        JsonNode input = ex.json() == null ? null : ex.json().get("input");
        if (!ex.jsonValid() || input == null || !(input.isTextual() || input.isArray())) {
            error(ex, 400, "Missing required parameter: 'input'.", "invalid_request_error", "input",
                    "missing_required_parameter");
            return;
        }
        List<String> texts = new ArrayList<>();
        if (input.isTextual()) {
            texts.add(input.asText());
        } else {
            input.forEach(item -> texts.add(item.isTextual() ? item.asText() : item.path("text").asText("")));
        }
        String word = ex.config().moderationFlagWord().toLowerCase(java.util.Locale.ROOT);
        ObjectNode res = MockJson.object();
        res.put("id", Replies.id("modr-", 24)).put("model", "omni-moderation-latest");
        ArrayNode results = res.putArray("results");
        for (String text : texts) {
            boolean flagged = text.toLowerCase(java.util.Locale.ROOT).contains(word);
            ObjectNode result = results.addObject().put("flagged", flagged);
            ObjectNode categories = result.putObject("categories");
            ObjectNode scores = result.putObject("category_scores");
            for (String category : MODERATION_CATEGORIES) {
                boolean hit = flagged && category.equals("violence");
                categories.put(category, hit);
                scores.put(category, hit ? 0.97 : 0.0001);
            }
        }
        ex.respond(200, MockJson.bytes(res), headers());
    }

    static String mask(String key) {
        if (key.length() <= 12) {
            return key.substring(0, Math.min(2, key.length())) + "****";
        }
        return key.substring(0, 4) + "*".repeat(Math.min(20, key.length() - 8)) + key.substring(key.length() - 4);
    }

    // ---- chat completions -------------------------------------------------------------------------------------

    private void chat(Exchange ex, JsonNode body, String model) {
        JsonNode messages = body.get("messages");
        if (messages == null || messages.isNull()) {
            error(ex, 400, "Missing required parameter: 'messages'.", "invalid_request_error", "messages",
                    "missing_required_parameter");
            return;
        }
        if (!messages.isArray()) {
            invalidType(ex, "messages", "an array", messages);
            return;
        }
        if (messages.isEmpty()) {
            error(ex, 400, "Invalid 'messages': empty array. Expected an array with minimum length 1, but got an "
                    + "empty array instead.", "invalid_request_error", "messages", "empty_array");
            return;
        }
        for (String intField : List.of("max_tokens", "max_completion_tokens", "n")) {
            JsonNode v = body.get(intField);
            if (v != null && !v.isNull() && !v.isIntegralNumber()) {
                invalidType(ex, intField, "an integer", v);
                return;
            }
        }
        JsonNode stream = body.get("stream");
        if (stream != null && !stream.isNull() && !stream.isBoolean()) {
            invalidType(ex, "stream", "a boolean", stream);
            return;
        }
        JsonNode tools = body.get("tools");
        if (tools != null && !tools.isNull() && !tools.isArray()) {
            invalidType(ex, "tools", "an array", tools);
            return;
        }
        List<String> stops = new ArrayList<>();
        JsonNode stop = body.get("stop");
        if (stop != null && stop.isTextual()) {
            stops.add(stop.asText());
        } else if (stop != null && stop.isArray()) {
            stop.forEach(s -> stops.add(s.asText()));
        } else if (stop != null && !stop.isNull()) {
            invalidType(ex, "stop", "a string or an array", stop);
            return;
        }

        int promptTokens = Replies.PRIMING_TOKENS;
        int systemTokens = 0;
        String lastUserText = "";
        int lastUserImages = 0;
        for (int i = 0; i < messages.size(); i++) {
            JsonNode msg = messages.get(i);
            if (!msg.isObject()) {
                invalidType(ex, "messages[" + i + "]", "an object", msg);
                return;
            }
            JsonNode role = msg.get("role");
            if (role == null || role.isNull()) {
                error(ex, 400, "Missing required parameter: 'messages[" + i + "].role'.", "invalid_request_error",
                        "messages[" + i + "].role", "missing_required_parameter");
                return;
            }
            if (!role.isTextual() || !ROLES.contains(role.asText())) {
                error(ex, 400, "Invalid value: '" + role.asText() + "'. Supported values are: 'system', 'assistant',"
                                + " 'user', 'function', 'tool', and 'developer'.", "invalid_request_error",
                        "messages[" + i + "].role", "invalid_value");
                return;
            }
            JsonNode content = msg.get("content");
            if (content != null && !content.isNull() && !content.isTextual() && !content.isArray()) {
                invalidType(ex, "messages[" + i + "].content", "a string or an array", content);
                return;
            }
            int[] images = new int[1];
            String text = text(content, images);
            JsonNode calls = msg.get("tool_calls");
            int tokens = Replies.PER_MESSAGE_TOKENS + Replies.tokens(text) + Replies.PER_IMAGE_TOKENS * images[0]
                    + (calls == null ? 0 : Replies.tokens(calls.toString()));
            promptTokens += tokens;
            String r = role.asText();
            if (r.equals("system") || r.equals("developer")) {
                systemTokens += tokens;
            } else if (r.equals("user")) {
                lastUserText = text;
                lastUserImages = images[0];
            }
        }
        if (tools != null && tools.isArray() && !tools.isEmpty()) {
            promptTokens += Replies.tokens(tools.toString());
        }
        int limit = ex.config().contextLimit(model);
        if (promptTokens > limit) {
            error(ex, 400, "This model's maximum context length is " + limit + " tokens. However, your messages "
                            + "resulted in " + promptTokens + " tokens. Please reduce the length of the messages.",
                    "invalid_request_error", "messages", "context_length_exceeded");
            return;
        }
        int cachedTokens = systemTokens >= 1024 ? systemTokens / 128 * 128 : 0;

        JsonNode last = messages.get(messages.size() - 1);
        String lastRole = last.path("role").asText();
        JsonNode tool = lastRole.equals("user") ? chosenTool(tools, body.get("tool_choice")) : null;
        boolean streaming = stream != null && stream.asBoolean();
        boolean includeUsage = streaming && body.path("stream_options").path("include_usage").asBoolean(false);
        String id = Replies.id("chatcmpl-", 29);
        long created = System.currentTimeMillis() / 1000;

        if (tool != null) {
            JsonNode fn = tool.path("function");
            String name = fn.path("name").asText();
            String args = MockJson.string(Replies.arguments(fn.get("parameters"), lastUserText));
            List<String> fragments = Replies.fragments(args, 1);
            ObjectNode usage = usage(promptTokens, fragments.size(), cachedTokens);
            String callId = Replies.id("call_", 24);
            if (streaming) {
                List<SseEvent> events = new ArrayList<>();
                ObjectNode first = chunk(id, created, model, includeUsage);
                ObjectNode d0 = delta(first);
                d0.put("role", "assistant").putNull("content");
                d0.putNull("refusal");
                events.add(SseEvent.data(MockJson.string(first), false));
                ObjectNode head = chunk(id, created, model, includeUsage);
                ObjectNode call = delta(head).putArray("tool_calls").addObject();
                call.put("index", 0).put("id", callId).put("type", "function");
                call.putObject("function").put("name", name).put("arguments", "");
                events.add(SseEvent.data(MockJson.string(head), true));
                for (String f : Replies.fragments(args, ex.config().streamChunkWords())) {
                    ObjectNode c = chunk(id, created, model, includeUsage);
                    delta(c).putArray("tool_calls").addObject().put("index", 0)
                            .putObject("function").put("arguments", f);
                    events.add(SseEvent.data(MockJson.string(c), true));
                }
                finish(events, id, created, model, "tool_calls", includeUsage, usage);
                ex.stream(events, headers());
            } else {
                ObjectNode res = completion(id, created, model, usage);
                ObjectNode choice = res.withArray("choices").addObject();
                choice.put("index", 0);
                ObjectNode message = choice.putObject("message");
                message.put("role", "assistant").putNull("content");
                message.putNull("refusal");
                ObjectNode call = message.putArray("tool_calls").addObject();
                call.put("id", callId).put("type", "function");
                call.putObject("function").put("name", name).put("arguments", args);
                message.putArray("annotations");
                choice.putNull("logprobs");
                choice.put("finish_reason", "tool_calls");
                ex.respond(200, MockJson.bytes(res), headers());
            }
            return;
        }

        String reply = lastRole.equals("tool")
                ? Replies.toolResultReply(text(last.get("content"), new int[1]))
                : Replies.reply(lastUserText, lastUserImages);
        JsonNode max = body.hasNonNull("max_completion_tokens") ? body.get("max_completion_tokens")
                : body.get("max_tokens");
        Replies.Output out = Replies.limit(reply, stops, max == null ? 0 : max.asInt());
        String finishReason = out.truncated() ? "length" : "stop";
        ObjectNode usage = usage(promptTokens, out.pieces().size(), cachedTokens);
        if (streaming) {
            List<SseEvent> events = new ArrayList<>();
            ObjectNode first = chunk(id, created, model, includeUsage);
            ObjectNode d0 = delta(first);
            d0.put("role", "assistant").put("content", "");
            d0.putNull("refusal");
            events.add(SseEvent.data(MockJson.string(first), false));
            for (String piece : Replies.group(out.pieces(), ex.config().streamChunkWords())) {
                ObjectNode c = chunk(id, created, model, includeUsage);
                delta(c).put("content", piece);
                events.add(SseEvent.data(MockJson.string(c), true));
            }
            finish(events, id, created, model, finishReason, includeUsage, usage);
            ex.stream(events, headers());
        } else {
            ObjectNode res = completion(id, created, model, usage);
            ObjectNode choice = res.withArray("choices").addObject();
            choice.put("index", 0);
            ObjectNode message = choice.putObject("message");
            message.put("role", "assistant").put("content", out.text());
            message.putNull("refusal");
            message.putArray("annotations");
            choice.putNull("logprobs");
            choice.put("finish_reason", finishReason);
            ex.respond(200, MockJson.bytes(res), headers());
        }
    }

    /** The tool to call, or null: forced by tool_choice {"type":"function","function":{"name":...}}, else the first. */
    private static JsonNode chosenTool(JsonNode tools, JsonNode choice) {
        if (tools == null || !tools.isArray() || tools.isEmpty()) {
            return null;
        }
        if (choice != null && choice.isTextual() && choice.asText().equals("none")) {
            return null;
        }
        if (choice != null && choice.isObject()) {
            String forced = choice.path("function").path("name").asText(null);
            for (JsonNode t : tools) {
                if (forced != null && forced.equals(t.path("function").path("name").asText())) {
                    return t;
                }
            }
        }
        return tools.get(0);
    }

    /** Text parts joined with a space; counts image parts into {@code images[0]}. */
    private static String text(JsonNode content, int[] images) {
        if (content == null || content.isNull()) {
            return "";
        }
        if (content.isTextual()) {
            return content.asText();
        }
        StringBuilder sb = new StringBuilder();
        for (JsonNode part : content) {
            String type = part.path("type").asText();
            if (type.equals("image_url") || type.equals("input_image")) {
                images[0]++;
            } else if (part.has("text")) {
                if (!sb.isEmpty()) {
                    sb.append(' ');
                }
                sb.append(part.get("text").asText());
            }
        }
        return sb.toString();
    }

    private static ObjectNode completion(String id, long created, String model, ObjectNode usage) {
        ObjectNode res = MockJson.object();
        res.put("id", id).put("object", "chat.completion").put("created", created).put("model", model);
        res.putArray("choices");
        res.set("usage", usage);
        res.put("service_tier", "default").put("system_fingerprint", FINGERPRINT);
        return res;
    }

    private static ObjectNode chunk(String id, long created, String model, boolean includeUsage) {
        ObjectNode c = MockJson.object();
        c.put("id", id).put("object", "chat.completion.chunk").put("created", created).put("model", model)
                .put("service_tier", "default").put("system_fingerprint", FINGERPRINT);
        ObjectNode choice = c.putArray("choices").addObject();
        choice.put("index", 0).putObject("delta");
        choice.putNull("logprobs");
        choice.putNull("finish_reason");
        if (includeUsage) {
            c.putNull("usage");
        }
        return c;
    }

    private static ObjectNode delta(ObjectNode chunk) {
        return (ObjectNode) chunk.get("choices").get(0).get("delta");
    }

    private static void finish(List<SseEvent> events, String id, long created, String model, String reason,
                               boolean includeUsage, ObjectNode usage) {
        ObjectNode last = chunk(id, created, model, includeUsage);
        ((ObjectNode) last.get("choices").get(0)).put("finish_reason", reason);
        events.add(SseEvent.data(MockJson.string(last), false));
        if (includeUsage) {
            ObjectNode u = chunk(id, created, model, true);
            u.putArray("choices");
            u.set("usage", usage);
            events.add(SseEvent.data(MockJson.string(u), false));
        }
        events.add(new SseEvent("data: [DONE]\n\n", false));
    }

    private static ObjectNode usage(int prompt, int completion, int cached) {
        ObjectNode u = MockJson.object();
        u.put("prompt_tokens", prompt).put("completion_tokens", completion).put("total_tokens", prompt + completion);
        u.putObject("prompt_tokens_details").put("cached_tokens", cached).put("audio_tokens", 0);
        u.putObject("completion_tokens_details").put("reasoning_tokens", 0).put("audio_tokens", 0)
                .put("accepted_prediction_tokens", 0).put("rejected_prediction_tokens", 0);
        return u;
    }

    // ---- embeddings -------------------------------------------------------------------------------------------

    private void embeddings(Exchange ex, JsonNode body, String model) {
        JsonNode input = body.get("input");
        if (input == null || input.isNull()) {
            error(ex, 400, "Missing required parameter: 'input'.", "invalid_request_error", "input",
                    "missing_required_parameter");
            return;
        }
        int dims = 1536;
        JsonNode d = body.get("dimensions");
        if (d != null && !d.isNull()) {
            if (!d.isIntegralNumber()) {
                invalidType(ex, "dimensions", "an integer", d);
                return;
            }
            dims = d.asInt();
            if (dims < 1 || dims > 16_384) {
                error(ex, 400, "Invalid 'dimensions': integer below minimum value or above maximum value.",
                        "invalid_request_error", "dimensions", "invalid_value");
                return;
            }
        }
        String format = body.path("encoding_format").asText("float");
        if (!format.equals("float") && !format.equals("base64")) {
            error(ex, 400, "Invalid value: '" + format + "'. Supported values are: 'float' and 'base64'.",
                    "invalid_request_error", "encoding_format", "invalid_value");
            return;
        }
        List<String> keys = new ArrayList<>();
        int tokens = 0;
        if (input.isTextual()) {
            keys.add(input.asText());
            tokens += Math.max(1, Replies.tokens(input.asText()));
        } else if (input.isArray() && !input.isEmpty()) {
            if (input.get(0).isIntegralNumber()) {
                keys.add(tokenKey(input));
                tokens += input.size();
            } else {
                for (JsonNode item : input) {
                    if (item.isTextual()) {
                        keys.add(item.asText());
                        tokens += Math.max(1, Replies.tokens(item.asText()));
                    } else if (item.isArray()) {
                        keys.add(tokenKey(item));
                        tokens += item.size();
                    } else {
                        invalidType(ex, "input", "a string or an array of strings", item);
                        return;
                    }
                }
            }
        } else {
            error(ex, 400, "'$.input' is invalid. Please check the API reference: "
                    + "https://platform.openai.com/docs/api-reference.", "invalid_request_error", null, null);
            return;
        }
        ObjectNode res = MockJson.object();
        res.put("object", "list");
        ArrayNode data = res.putArray("data");
        for (int i = 0; i < keys.size(); i++) {
            float[] v = vector(keys.get(i), dims);
            ObjectNode e = data.addObject();
            e.put("object", "embedding").put("index", i);
            if (format.equals("base64")) {
                ByteBuffer buf = ByteBuffer.allocate(4 * dims).order(ByteOrder.LITTLE_ENDIAN);
                for (float f : v) {
                    buf.putFloat(f);
                }
                e.put("embedding", Base64.getEncoder().encodeToString(buf.array()));
            } else {
                ArrayNode arr = e.putArray("embedding");
                for (float f : v) {
                    arr.add(f);
                }
            }
        }
        res.put("model", model);
        res.putObject("usage").put("prompt_tokens", tokens).put("total_tokens", tokens);
        ex.respond(200, MockJson.bytes(res), headers());
    }

    private static String tokenKey(JsonNode tokens) {
        StringBuilder sb = new StringBuilder("tokens:");
        for (JsonNode t : tokens) {
            sb.append(t.asLong()).append(',');
        }
        return sb.toString();
    }

    /** The deterministic unit vector of {@code key}; public so tests can compare. */
    public static float[] vector(String key, int dims) {
        long hash = 0xcbf29ce484222325L;
        for (byte b : key.getBytes(StandardCharsets.UTF_8)) {
            hash ^= b & 0xff;
            hash *= 0x100000001b3L;
        }
        SplittableRandom random = new SplittableRandom(hash);
        float[] v = new float[dims];
        double norm = 0;
        for (int i = 0; i < dims; i++) {
            v[i] = (float) (random.nextDouble() * 2 - 1);
            norm += v[i] * v[i];
        }
        float scale = (float) (1 / Math.sqrt(norm));
        for (int i = 0; i < dims; i++) {
            v[i] *= scale;
        }
        return v;
    }

    // ---- models -----------------------------------------------------------------------------------------------

    private void models(Exchange ex) {
        ObjectNode res = MockJson.object();
        res.put("object", "list");
        ArrayNode data = res.putArray("data");
        List<String> ids = new ArrayList<>(MODELS);
        ex.config().maxContextTokens().keySet().stream().sorted().filter(k -> !ids.contains(k)).forEach(ids::add);
        for (String id : ids) {
            data.addObject().put("id", id).put("object", "model").put("created", MODELS_CREATED)
                    .put("owned_by", "system");
        }
        ex.respond(200, MockJson.bytes(res), headers());
    }

    // ---- errors -----------------------------------------------------------------------------------------------

    private static Map<String, String> headers() {
        return Map.of("x-request-id", Replies.id("req_", 32), "openai-processing-ms", "1");
    }

    private static void invalidType(Exchange ex, String param, String expected, JsonNode got) {
        error(ex, 400, "Invalid type for '" + param + "': expected " + expected + ", but got "
                + MockJson.typeName(got) + " instead.", "invalid_request_error", param, "invalid_type");
    }

    private static void error(Exchange ex, int status, String message, String type, String param, String code) {
        ex.respond(status, errorBody(message, type, param, code), headers());
    }

    private static byte[] errorBody(String message, String type, String param, String code) {
        ObjectNode res = MockJson.object();
        res.putObject("error").put("message", message).put("type", type).put("param", param).put("code", code);
        return MockJson.bytes(res);
    }

    @Override
    public byte[] faultBody(int status) {
        return switch (status) {
            case 400 -> errorBody("Mock fault: bad request.", "invalid_request_error", null, null);
            case 401 -> errorBody("Incorrect API key provided.", "invalid_request_error", null, "invalid_api_key");
            case 403 -> errorBody("You are not allowed to sample from this model", "invalid_request_error", null,
                    "model_not_allowed");
            case 404 -> errorBody("The model does not exist or you do not have access to it.",
                    "invalid_request_error", null, "model_not_found");
            case 429 -> errorBody("Rate limit reached for requests. Please try again later.", "requests", null,
                    "rate_limit_exceeded");
            case 500 -> errorBody("The server had an error while processing your request. Sorry about that!",
                    "server_error", null, null);
            case 502 -> errorBody("Bad gateway.", "server_error", null, null);
            case 503 -> errorBody("The engine is currently overloaded, please try again later.", "server_error",
                    null, null);
            default -> errorBody("Mock fault: HTTP " + status + ".",
                    status >= 500 ? "server_error" : "invalid_request_error", null, null);
        };
    }
}
