package dev.heimdall.loadtest.mock.bedrock;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.heimdall.loadtest.mock.Exchange;
import dev.heimdall.loadtest.mock.MockJson;
import dev.heimdall.loadtest.mock.ProviderMock;
import dev.heimdall.loadtest.mock.Replies;
import dev.heimdall.loadtest.mock.openai.OpenAiMock;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * AWS Bedrock Runtime under {@code /bedrock}: {@code POST /model/{modelId}/converse}, {@code /converse-stream}
 * (a binary {@code application/vnd.amazon.eventstream}) and {@code /invoke} (Titan and Cohere embeddings). Written
 * from AWS's public Bedrock Runtime API reference.
 *
 * <p>Every request must carry a valid SigV4 signature (service {@code bedrock}) by one of {@link #CREDENTIALS}:
 * an unknown access key id is answered 403 {@code UnrecognizedClientException}, a wrong signature 403
 * {@code InvalidSignatureException}, as AWS does. The signature covers the path as received, prefix included.
 *
 * <p>Replies follow {@link Replies}: text blocks of a message are joined with a space; {@code toolResult} blocks
 * make a tool-result reply; a tool call (of {@code toolChoice.tool}, else the first tool) is made when the request
 * has tools and its last message is user text. Errors are {@code {"message": ...}} with an
 * {@code x-amzn-ErrorType} header.
 */
public final class BedrockMock implements ProviderMock {

    /** The access key ids the mock knows, with their secrets; tests sign with these. */
    public static final Map<String, String> CREDENTIALS = Map.of(
            "AKIAEXAMPLEBEDROCK01", "mock/bedrock/secret/key/0000000000000001",
            "AKIAEXAMPLEBEDROCK02", "mock/bedrock/secret/key/0000000000000002");
    public static final String ACCESS_KEY_ID = "AKIAEXAMPLEBEDROCK01";
    public static final String SECRET_ACCESS_KEY = CREDENTIALS.get(ACCESS_KEY_ID);

    private static final Set<String> IMAGE_FORMATS = Set.of("png", "jpeg", "gif", "webp");
    private final SigV4Verifier verifier = new SigV4Verifier(CREDENTIALS);

    @Override
    public String name() {
        return "bedrock";
    }

    /** The access key id the request was signed with. */
    @Override
    public String apiKey(HttpServerRequest request) {
        return SigV4Verifier.accessKeyId(request);
    }

    @Override
    public String model(String subPath, JsonNode body) {
        String[] parts = subPath.split("/");
        return parts.length == 4 && parts[1].equals("model") ? URLDecoder.decode(parts[2], StandardCharsets.UTF_8)
                : null;
    }

    /** Thrown by parsing: becomes a 400 ValidationException. */
    private static final class Invalid extends Exception {
        Invalid(String message) {
            super(message, null, false, false);
        }
    }

    private record Prompt(int tokens, String lastUserText, int images, String toolResult) {
    }

    @Override
    public void handle(Exchange ex) {
        String[] parts = ex.subPath().split("/");
        String action = parts.length == 4 && parts[1].equals("model") ? parts[3] : "";
        if (ex.request().method() != HttpMethod.POST
                || !(action.equals("converse") || action.equals("converse-stream") || action.equals("invoke"))) {
            error(ex, 404, "UnknownOperationException", null);
            return;
        }
        SigV4Verifier.Outcome auth = verifier.verify(ex.request(), ex.body().getBytes());
        if (!auth.ok()) {
            error(ex, 403, auth.errorType(), auth.message());
            return;
        }
        String model = URLDecoder.decode(parts[2], StandardCharsets.UTF_8);
        JsonNode body = ex.json();
        if (!ex.jsonValid() || body == null || !body.isObject()) {
            error(ex, 400, "ValidationException", "Malformed input request, please reformat your input and try again.");
            return;
        }
        try {
            if (action.equals("invoke")) {
                invoke(ex, model, body);
            } else {
                converse(ex, model, body, action.equals("converse-stream"));
            }
        } catch (Invalid e) {
            error(ex, 400, "ValidationException", e.getMessage());
        }
    }

    // ---- Converse ---------------------------------------------------------------------------------------------

    private void converse(Exchange ex, String model, JsonNode body, boolean streaming) throws Invalid {
        Prompt prompt = prompt(body);
        int limit = ex.config().contextLimit(model);
        if (prompt.tokens > limit) {
            throw new Invalid("Input is too long for requested model.");
        }
        JsonNode inference = body.path("inferenceConfig");
        int maxTokens = inference.path("maxTokens").asInt(0);
        List<String> stops = new ArrayList<>();
        inference.path("stopSequences").forEach(s -> stops.add(s.asText()));
        JsonNode tool = chosenTool(body.path("toolConfig"), prompt);

        String stopReason;
        int outputTokens;
        List<String> deltas;
        ObjectNode block;
        String toolUseId = Replies.id("tooluse_", 22);
        if (tool != null) {
            ObjectNode input = Replies.arguments(tool.path("inputSchema").path("json"), prompt.lastUserText);
            String json = MockJson.string(input);
            outputTokens = Replies.fragments(json, 1).size();
            deltas = Replies.fragments(json, ex.config().streamChunkWords());
            stopReason = "tool_use";
            block = MockJson.object();
            ObjectNode use = block.putObject("toolUse").put("toolUseId", toolUseId).put("name", tool.path("name").asText());
            use.set("input", input);
        } else {
            String reply = prompt.toolResult != null ? Replies.toolResultReply(prompt.toolResult)
                    : Replies.reply(prompt.lastUserText, prompt.images);
            Replies.Output out = Replies.limit(reply, stops, maxTokens);
            outputTokens = out.pieces().size();
            deltas = Replies.group(out.pieces(), ex.config().streamChunkWords());
            stopReason = out.truncated() ? "max_tokens" : out.stopSequence() != null ? "stop_sequence" : "end_turn";
            block = MockJson.object().put("text", out.text());
        }
        ObjectNode usage = MockJson.object().put("inputTokens", prompt.tokens).put("outputTokens", outputTokens)
                .put("totalTokens", prompt.tokens + outputTokens);
        if (!streaming) {
            ObjectNode res = MockJson.object();
            ObjectNode message = res.putObject("output").putObject("message").put("role", "assistant");
            message.putArray("content").add(block);
            res.put("stopReason", stopReason);
            res.set("usage", usage);
            res.putObject("metrics").put("latencyMs", 1);
            ex.respond(200, MockJson.bytes(res), headers());
            return;
        }
        List<Exchange.Chunk> chunks = new ArrayList<>();
        chunks.add(event("messageStart", MockJson.object().put("role", "assistant"), false));
        if (tool != null) {
            ObjectNode start = MockJson.object().put("contentBlockIndex", 0);
            start.putObject("start").putObject("toolUse").put("toolUseId", toolUseId)
                    .put("name", tool.path("name").asText());
            chunks.add(event("contentBlockStart", start, false));
        }
        for (String d : deltas) {
            ObjectNode delta = MockJson.object().put("contentBlockIndex", 0);
            if (tool != null) {
                delta.putObject("delta").putObject("toolUse").put("input", d);
            } else {
                delta.putObject("delta").put("text", d);
            }
            chunks.add(event("contentBlockDelta", delta, true));
        }
        chunks.add(event("contentBlockStop", MockJson.object().put("contentBlockIndex", 0), false));
        chunks.add(event("messageStop", MockJson.object().put("stopReason", stopReason), false));
        ObjectNode metadata = MockJson.object();
        metadata.set("usage", usage);
        metadata.putObject("metrics").put("latencyMs", 1);
        chunks.add(event("metadata", metadata, false));
        ex.streamBinary("application/vnd.amazon.eventstream", chunks, headers());
    }

    private static Exchange.Chunk event(String type, ObjectNode payload, boolean paced) {
        return new Exchange.Chunk(Buffer.buffer(EventStreamWriter.event(type, MockJson.bytes(payload))), paced);
    }

    private static Prompt prompt(JsonNode body) throws Invalid {
        JsonNode messages = body.get("messages");
        if (messages == null || !messages.isArray() || messages.isEmpty()) {
            throw new Invalid("A conversation must start with a user message. Try again with a conversation that "
                    + "starts with a user message.");
        }
        int tokens = Replies.PRIMING_TOKENS;
        JsonNode system = body.get("system");
        if (system != null && system.isArray()) {
            StringBuilder text = new StringBuilder();
            for (JsonNode b : system) {
                append(text, b.path("text").asText(""));
            }
            tokens += Replies.PER_MESSAGE_TOKENS + Replies.tokens(text.toString());
        }
        JsonNode tools = body.path("toolConfig").path("tools");
        if (tools.isArray() && !tools.isEmpty()) {
            tokens += Replies.tokens(tools.toString());
        }
        String lastUserText = "";
        int images = 0;
        String toolResult = null;
        String lastRole = null;
        for (int i = 0; i < messages.size(); i++) {
            JsonNode msg = messages.get(i);
            String role = msg.path("role").asText("");
            if (!role.equals("user") && !role.equals("assistant")) {
                throw new Invalid("1 validation error detected: Value at 'messages." + (i + 1) + ".member.role' "
                        + "failed to satisfy constraint: Member must satisfy enum value set: [user, assistant]");
            }
            if (i == 0 && !role.equals("user")) {
                throw new Invalid("A conversation must start with a user message. Try again with a conversation "
                        + "that starts with a user message.");
            }
            if (role.equals(lastRole)) {
                throw new Invalid("A conversation must alternate between user and assistant roles. Make sure the "
                        + "conversation alternates between user and assistant roles and try again.");
            }
            lastRole = role;
            JsonNode content = msg.get("content");
            if (content == null || !content.isArray() || content.isEmpty()) {
                throw new Invalid("The content field in the Message object at messages." + i + " is empty. Add a "
                        + "ContentBlock object to the content field and try again.");
            }
            StringBuilder text = new StringBuilder();
            StringBuilder results = new StringBuilder();
            boolean hasResult = false;
            int msgImages = 0;
            for (JsonNode block : content) {
                if (block.has("text")) {
                    append(text, block.path("text").asText());
                } else if (block.has("image")) {
                    JsonNode image = block.get("image");
                    if (!IMAGE_FORMATS.contains(image.path("format").asText())
                            || !image.path("source").path("bytes").isTextual()) {
                        throw new Invalid("The image in messages." + i + " needs a format (png, jpeg, gif, webp) and "
                                + "source.bytes.");
                    }
                    msgImages++;
                } else if (block.has("toolUse")) {
                    JsonNode use = block.get("toolUse");
                    if (!use.path("toolUseId").isTextual() || !use.path("name").isTextual()
                            || !use.path("input").isObject()) {
                        throw new Invalid("A toolUse block in messages." + i + " needs toolUseId, name and input.");
                    }
                    append(text, use.get("input").toString());
                } else if (block.has("toolResult")) {
                    JsonNode result = block.get("toolResult");
                    if (!result.path("toolUseId").isTextual() || !result.path("content").isArray()) {
                        throw new Invalid("A toolResult block in messages." + i + " needs toolUseId and content.");
                    }
                    hasResult = true;
                    StringBuilder r = new StringBuilder();
                    for (JsonNode c : result.get("content")) {
                        append(r, c.has("json") ? c.get("json").toString() : c.path("text").asText(""));
                    }
                    if (!results.isEmpty()) {
                        results.append("; ");
                    }
                    results.append(r);
                    append(text, r.toString());
                } else {
                    throw new Invalid("messages." + i + " has a content block of an unknown type");
                }
            }
            tokens += Replies.PER_MESSAGE_TOKENS + Replies.tokens(text.toString()) + Replies.PER_IMAGE_TOKENS * msgImages;
            if (role.equals("user")) {
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
        if (!lastRole.equals("user")) {
            throw new Invalid("A conversation must end with a user message. Try again with a conversation that ends "
                    + "with a user message.");
        }
        return new Prompt(tokens, lastUserText, images, toolResult);
    }

    private static JsonNode chosenTool(JsonNode toolConfig, Prompt prompt) throws Invalid {
        JsonNode tools = toolConfig.path("tools");
        if (!tools.isArray() || tools.isEmpty() || prompt.toolResult != null) {
            return null;
        }
        for (JsonNode t : tools) {
            if (!t.path("toolSpec").path("name").isTextual() || !t.path("toolSpec").path("inputSchema").has("json")) {
                throw new Invalid("The toolConfig field must be defined with toolSpec name and inputSchema.json.");
            }
        }
        String forced = toolConfig.path("toolChoice").path("tool").path("name").asText(null);
        if (forced == null) {
            return tools.get(0).get("toolSpec");
        }
        for (JsonNode t : tools) {
            if (forced.equals(t.get("toolSpec").get("name").asText())) {
                return t.get("toolSpec");
            }
        }
        throw new Invalid("The tool " + forced + " named in toolChoice is not in toolConfig.tools.");
    }

    private static void append(StringBuilder sb, String text) {
        if (!sb.isEmpty()) {
            sb.append(' ');
        }
        sb.append(text);
    }

    // ---- InvokeModel: embeddings ------------------------------------------------------------------------------

    private void invoke(Exchange ex, String model, JsonNode body) throws Invalid {
        if (model.startsWith("amazon.titan-embed")) {
            JsonNode text = body.get("inputText");
            if (text == null || !text.isTextual() || text.asText().isEmpty()) {
                throw new Invalid("Malformed input request: #: required key [inputText] not found, please reformat "
                        + "your input and try again.");
            }
            int dims = body.path("dimensions").asInt(1024);
            if (dims != 256 && dims != 512 && dims != 1024) {
                throw new Invalid("Malformed input request: #/dimensions: " + dims + " is not a valid enum value, "
                        + "please reformat your input and try again.");
            }
            ObjectNode res = MockJson.object();
            ArrayNode embedding = res.putArray("embedding");
            for (float f : OpenAiMock.vector(text.asText(), dims)) {
                embedding.add(f);
            }
            res.put("inputTextTokenCount", Math.max(1, Replies.tokens(text.asText())));
            ex.respond(200, MockJson.bytes(res), headers());
        } else if (model.startsWith("cohere.embed")) {
            JsonNode texts = body.get("texts");
            if (texts == null || !texts.isArray() || texts.isEmpty() || !body.path("input_type").isTextual()) {
                throw new Invalid("Malformed input request: #: required key [texts, input_type] not found, please "
                        + "reformat your input and try again.");
            }
            ObjectNode res = MockJson.object().put("id", Replies.id("", 24)).put("response_type", "embeddings_floats");
            ArrayNode embeddings = res.putArray("embeddings");
            for (JsonNode t : texts) {
                ArrayNode v = embeddings.addArray();
                for (float f : OpenAiMock.vector(t.asText(), 1024)) {
                    v.add(f);
                }
            }
            res.set("texts", texts);
            ex.respond(200, MockJson.bytes(res), headers());
        } else {
            error(ex, 404, "ResourceNotFoundException", "Could not resolve the foundation model from the model "
                    + "identifier " + model + ".");
        }
    }

    // ---- errors -----------------------------------------------------------------------------------------------

    private static Map<String, String> headers() {
        return Map.of("x-amzn-requestid", java.util.UUID.randomUUID().toString());
    }

    private static void error(Exchange ex, int status, String type, String message) {
        Map<String, String> headers = new HashMap<>(headers());
        headers.put("x-amzn-ErrorType", type + ":http://internal.amazon.com/coral/com.amazon.bedrock/");
        ex.respond(status, errorBody(message != null ? message : "Unknown operation"), headers);
    }

    private static byte[] errorBody(String message) {
        return MockJson.bytes(MockJson.object().put("message", message));
    }

    private static String faultType(int status) {
        return switch (status) {
            case 400 -> "ValidationException";
            case 403 -> "AccessDeniedException";
            case 404 -> "ResourceNotFoundException";
            case 408 -> "ModelTimeoutException";
            case 424 -> "ModelErrorException";
            case 429 -> "ThrottlingException";
            case 503 -> "ServiceUnavailableException";
            default -> status >= 500 ? "InternalServerException" : "ValidationException";
        };
    }

    @Override
    public Map<String, String> faultHeaders(int status) {
        return Map.of("x-amzn-ErrorType", faultType(status) + ":http://internal.amazon.com/coral/com.amazon.bedrock/");
    }

    @Override
    public byte[] faultBody(int status) {
        return errorBody(switch (status) {
            case 400 -> "Mock fault: invalid request";
            case 403 -> "You don't have access to the model with the specified model ID.";
            case 404 -> "Could not resolve the foundation model from the model identifier.";
            case 429 -> "Too many requests, please wait before trying again.";
            case 503 -> "Bedrock is unable to process your request.";
            default -> status >= 500 ? "The server encountered an error processing your request."
                    : "Mock fault: HTTP " + status;
        });
    }
}
