package dev.heimdall.loadtest.mock.cohere;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.heimdall.loadtest.mock.Exchange;
import dev.heimdall.loadtest.mock.Exchange.SseEvent;
import dev.heimdall.loadtest.mock.MockJson;
import dev.heimdall.loadtest.mock.ProviderMock;
import dev.heimdall.loadtest.mock.Replies;
import dev.heimdall.loadtest.mock.openai.OpenAiMock;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Cohere's v2 API under {@code /cohere}: {@code POST /v2/chat} (whole or streamed) and {@code POST /v2/embed},
 * written from Cohere's public API reference.
 *
 * <p>Beyond the rules of {@link Replies}: messages have roles {@code system|user|assistant|tool}, content as a string
 * or {@code [{type:text|image_url}]} parts; a tool result is a {@code tool} message. {@code tool_choice} is
 * {@code REQUIRED} or {@code NONE} (absent: automatic). Streams are typed events ({@code event: <type>} and a
 * {@code data} object with the same {@code type}): {@code message-start}, {@code content-start}, one
 * {@code content-delta} per output piece group, {@code content-end}, {@code message-end}; a tool call is
 * {@code tool-plan-delta}, {@code tool-call-start}, {@code tool-call-delta} per argument fragment group,
 * {@code tool-call-end}. Usage: {@code tokens} are the Replies counts; {@code billed_units} leave out the
 * {@link Replies#PRIMING_TOKENS} priming tokens, as Cohere bills only the caller's text. Errors are
 * {@code {"id","message"}}; a prompt over the context limit is a 400 starting {@code too many tokens}. Embeddings:
 * {@code embeddings.float} with the same deterministic vectors as the OpenAI mock ({@link OpenAiMock#vector}),
 * {@code output_dimension} default 1024; {@code input_type} is required.
 */
public final class CohereMock implements ProviderMock {
    private static final Set<String> ROLES = Set.of("system", "user", "assistant", "tool");
    private static final Set<String> INPUT_TYPES = Set.of("search_document", "search_query", "classification",
            "clustering", "image");

    @Override
    public String name() {
        return "cohere";
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
        String path = ex.subPath();
        if (ex.request().method() != HttpMethod.POST || !(path.equals("/v2/chat") || path.equals("/v2/embed"))) {
            error(ex, 404, "404 page not found");
            return;
        }
        if (!ex.config().accepts(ex.apiKey())) {
            error(ex, 401, ex.apiKey() == null || ex.apiKey().isEmpty() ? "no api key supplied" : "invalid api token");
            return;
        }
        JsonNode body = ex.json();
        if (!ex.jsonValid() || body == null || !body.isObject()) {
            error(ex, 400, "invalid request: could not parse the request body as JSON");
            return;
        }
        JsonNode model = body.get("model");
        if (model == null || !model.isTextual() || model.asText().isEmpty()) {
            error(ex, 400, "invalid request: model must be a non-empty string");
            return;
        }
        if (path.equals("/v2/embed")) {
            embed(ex, body, model.asText());
        } else {
            chat(ex, body, model.asText());
        }
    }

    // ---- chat -------------------------------------------------------------------------------------------------

    private void chat(Exchange ex, JsonNode body, String model) {
        JsonNode messages = body.get("messages");
        if (messages == null || !messages.isArray() || messages.isEmpty()) {
            error(ex, 400, "invalid request: messages must be a non-empty array");
            return;
        }
        JsonNode tools = body.get("tools");
        if (tools != null && !tools.isNull() && !tools.isArray()) {
            error(ex, 400, "invalid request: tools must be an array");
            return;
        }
        JsonNode choice = body.get("tool_choice");
        if (choice != null && !choice.isNull() && !(choice.isTextual()
                && (choice.asText().equals("REQUIRED") || choice.asText().equals("NONE")))) {
            error(ex, 400, "invalid request: tool_choice must be one of REQUIRED, NONE");
            return;
        }
        for (String field : List.of("max_tokens", "seed")) {
            JsonNode v = body.get(field);
            if (v != null && !v.isNull() && !v.isIntegralNumber()) {
                error(ex, 400, "invalid request: " + field + " must be an integer");
                return;
            }
        }
        List<String> stops = new ArrayList<>();
        JsonNode stop = body.get("stop_sequences");
        if (stop != null && stop.isArray()) {
            stop.forEach(s -> stops.add(s.asText()));
        } else if (stop != null && !stop.isNull()) {
            error(ex, 400, "invalid request: stop_sequences must be an array of strings");
            return;
        }

        int promptTokens = Replies.PRIMING_TOKENS;
        String lastUserText = "";
        int lastUserImages = 0;
        for (int i = 0; i < messages.size(); i++) {
            JsonNode msg = messages.get(i);
            String role = msg.path("role").asText("");
            if (!ROLES.contains(role)) {
                error(ex, 400, "invalid request: messages[" + i + "].role must be one of system, user, assistant, "
                        + "tool");
                return;
            }
            if (role.equals("tool") && !msg.path("tool_call_id").isTextual()) {
                error(ex, 400, "invalid request: messages[" + i + "].tool_call_id must be set for tool messages");
                return;
            }
            if (role.equals("assistant") && !msg.hasNonNull("content") && !msg.hasNonNull("tool_calls")) {
                error(ex, 400, "invalid request: messages[" + i + "] must have content or tool_calls");
                return;
            }
            int[] images = new int[1];
            String text = text(msg.get("content"), images);
            JsonNode calls = msg.get("tool_calls");
            promptTokens += Replies.PER_MESSAGE_TOKENS + Replies.tokens(text) + Replies.PER_IMAGE_TOKENS * images[0]
                    + (calls == null ? 0 : Replies.tokens(calls.toString()));
            if (role.equals("user")) {
                lastUserText = text;
                lastUserImages = images[0];
            }
        }
        if (tools != null && tools.isArray() && !tools.isEmpty()) {
            promptTokens += Replies.tokens(tools.toString());
        }
        int limit = ex.config().contextLimit(model);
        if (promptTokens > limit) {
            error(ex, 400, "too many tokens: total number of tokens in the prompt cannot exceed " + limit
                    + " - received " + promptTokens + ". Try using a shorter prompt, or enabling prompt truncating. "
                    + "See https://docs.cohere.com/reference/chat for more details.");
            return;
        }

        JsonNode last = messages.get(messages.size() - 1);
        String lastRole = last.path("role").asText();
        boolean toolsOn = tools != null && tools.isArray() && !tools.isEmpty()
                && !(choice != null && choice.asText().equals("NONE"));
        boolean streaming = body.path("stream").asBoolean(false);
        String id = java.util.UUID.randomUUID().toString();

        if (toolsOn && lastRole.equals("user")) {
            JsonNode fn = tools.get(0).path("function");
            String name = fn.path("name").asText();
            String args = MockJson.string(Replies.arguments(fn.get("parameters"), lastUserText));
            List<String> fragments = Replies.fragments(args, 1);
            ObjectNode usage = usage(promptTokens, fragments.size());
            String callId = name + "_" + Replies.id("", 12).toLowerCase(java.util.Locale.ROOT);
            String plan = "I will call " + name + ".";
            if (streaming) {
                List<SseEvent> events = new ArrayList<>();
                events.add(event("message-start", messageStart(id), false));
                ObjectNode planDelta = typed("tool-plan-delta");
                planDelta.putObject("delta").putObject("message").put("tool_plan", plan);
                events.add(event("tool-plan-delta", planDelta, true));
                ObjectNode start = typed("tool-call-start").put("index", 0);
                ObjectNode call = start.putObject("delta").putObject("message").putObject("tool_calls");
                call.put("id", callId).put("type", "function");
                call.putObject("function").put("name", name).put("arguments", "");
                events.add(event("tool-call-start", start, true));
                for (String f : Replies.fragments(args, ex.config().streamChunkWords())) {
                    ObjectNode d = typed("tool-call-delta").put("index", 0);
                    d.putObject("delta").putObject("message").putObject("tool_calls").putObject("function")
                            .put("arguments", f);
                    events.add(event("tool-call-delta", d, true));
                }
                events.add(event("tool-call-end", typed("tool-call-end").put("index", 0), false));
                events.add(event("message-end", messageEnd("TOOL_CALL", usage), false));
                ex.stream(events, headers());
            } else {
                ObjectNode res = MockJson.object();
                res.put("id", id);
                ObjectNode message = res.putObject("message");
                message.put("role", "assistant").put("tool_plan", plan);
                ObjectNode call = message.putArray("tool_calls").addObject();
                call.put("id", callId).put("type", "function");
                call.putObject("function").put("name", name).put("arguments", args);
                res.put("finish_reason", "TOOL_CALL");
                res.set("usage", usage);
                ex.respond(200, MockJson.bytes(res), headers());
            }
            return;
        }

        String reply = lastRole.equals("tool") ? Replies.toolResultReply(text(last.get("content"), new int[1]))
                : Replies.reply(lastUserText, lastUserImages);
        Replies.Output out = Replies.limit(reply, stops, body.path("max_tokens").asInt(0));
        String finish = out.truncated() ? "MAX_TOKENS" : out.stopSequence() != null ? "STOP_SEQUENCE" : "COMPLETE";
        ObjectNode usage = usage(promptTokens, out.pieces().size());
        if (streaming) {
            List<SseEvent> events = new ArrayList<>();
            events.add(event("message-start", messageStart(id), false));
            ObjectNode contentStart = typed("content-start").put("index", 0);
            contentStart.putObject("delta").putObject("message").putObject("content").put("type", "text")
                    .put("text", "");
            events.add(event("content-start", contentStart, false));
            for (String piece : Replies.group(out.pieces(), ex.config().streamChunkWords())) {
                ObjectNode d = typed("content-delta").put("index", 0);
                d.putObject("delta").putObject("message").putObject("content").put("text", piece);
                events.add(event("content-delta", d, true));
            }
            events.add(event("content-end", typed("content-end").put("index", 0), false));
            events.add(event("message-end", messageEnd(finish, usage), false));
            ex.stream(events, headers());
        } else {
            ObjectNode res = MockJson.object();
            res.put("id", id);
            ObjectNode message = res.putObject("message");
            message.put("role", "assistant");
            message.putArray("content").addObject().put("type", "text").put("text", out.text());
            res.put("finish_reason", finish);
            res.set("usage", usage);
            ex.respond(200, MockJson.bytes(res), headers());
        }
    }

    private static ObjectNode typed(String type) {
        return MockJson.object().put("type", type);
    }

    private static SseEvent event(String type, ObjectNode data, boolean paced) {
        return SseEvent.named(type, MockJson.string(data), paced);
    }

    private static ObjectNode messageStart(String id) {
        ObjectNode start = MockJson.object().put("id", id).put("type", "message-start");
        ObjectNode message = start.putObject("delta").putObject("message");
        message.put("role", "assistant").putArray("content");
        message.put("tool_plan", "");
        message.putArray("tool_calls");
        message.putArray("citations");
        return start;
    }

    private static ObjectNode messageEnd(String finish, ObjectNode usage) {
        ObjectNode end = typed("message-end");
        end.putObject("delta").put("finish_reason", finish).set("usage", usage);
        return end;
    }

    private static ObjectNode usage(int prompt, int output) {
        ObjectNode u = MockJson.object();
        u.putObject("billed_units").put("input_tokens", prompt - Replies.PRIMING_TOKENS).put("output_tokens", output);
        u.putObject("tokens").put("input_tokens", prompt).put("output_tokens", output);
        return u;
    }

    /** A string, or text parts joined with a space; counts {@code image_url} parts into {@code images[0]}. */
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
            if (type.equals("image_url")) {
                images[0]++;
            } else if (part.has("text")) {
                if (!sb.isEmpty()) {
                    sb.append(' ');
                }
                sb.append(part.get("text").asText());
            } else if (type.equals("document")) {
                if (!sb.isEmpty()) {
                    sb.append(' ');
                }
                JsonNode data = part.path("document").path("data");
                sb.append(data.isTextual() ? data.asText() : data.toString());
            }
        }
        return sb.toString();
    }

    // ---- embed ------------------------------------------------------------------------------------------------

    private void embed(Exchange ex, JsonNode body, String model) {
        JsonNode texts = body.get("texts");
        if (texts == null || !texts.isArray() || texts.isEmpty()) {
            error(ex, 400, "invalid request: texts must be a non-empty array of strings");
            return;
        }
        String inputType = body.path("input_type").asText("");
        if (!INPUT_TYPES.contains(inputType)) {
            error(ex, 400, "invalid request: input_type must be one of search_document, search_query, "
                    + "classification, clustering, image");
            return;
        }
        JsonNode types = body.get("embedding_types");
        if (types != null && types.isArray() && !types.isEmpty()) {
            for (JsonNode t : types) {
                if (!t.asText().equals("float")) {
                    error(ex, 400, "invalid request: this mock only serves embedding_types float, got " + t);
                    return;
                }
            }
        }
        int dims = body.path("output_dimension").asInt(1024);
        ObjectNode res = MockJson.object();
        res.put("id", java.util.UUID.randomUUID().toString());
        ArrayNode floats = res.putObject("embeddings").putArray("float");
        ArrayNode echoed = res.putArray("texts");
        int tokens = 0;
        for (JsonNode text : texts) {
            if (!text.isTextual()) {
                error(ex, 400, "invalid request: texts must be a non-empty array of strings");
                return;
            }
            ArrayNode vector = floats.addArray();
            for (float f : OpenAiMock.vector(text.asText(), dims)) {
                vector.add(f);
            }
            echoed.add(text.asText());
            tokens += Math.max(1, Replies.tokens(text.asText()));
        }
        ObjectNode meta = res.putObject("meta");
        meta.putObject("api_version").put("version", "2");
        meta.putObject("billed_units").put("input_tokens", tokens);
        res.put("response_type", "embeddings_by_type");
        ex.respond(200, MockJson.bytes(res), headers());
    }

    // ---- errors -----------------------------------------------------------------------------------------------

    private static Map<String, String> headers() {
        return Map.of("x-debug-trace-id", Replies.id("", 32), "num_tokens", "0");
    }

    private static void error(Exchange ex, int status, String message) {
        ex.respond(status, errorBody(message), headers());
    }

    private static byte[] errorBody(String message) {
        return MockJson.bytes(MockJson.object().put("id", java.util.UUID.randomUUID().toString())
                .put("message", message));
    }

    @Override
    public byte[] faultBody(int status) {
        return switch (status) {
            case 400 -> errorBody("invalid request: mock fault");
            case 401 -> errorBody("invalid api token");
            case 429 -> errorBody("You are using a Trial key, which is limited to 10 API calls / minute. You can "
                    + "continue to use the Trial key for free or upgrade to a Production key with higher rate limits "
                    + "at 'https://dashboard.cohere.com/api-keys'.");
            case 500 -> errorBody("internal server error, this has been reported to our developers");
            case 503 -> errorBody("service unavailable");
            default -> errorBody("mock fault: HTTP " + status);
        };
    }
}
