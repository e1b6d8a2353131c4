package dev.heimdall.loadtest.mock.gemini;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.heimdall.loadtest.mock.Exchange;
import dev.heimdall.loadtest.mock.Exchange.SseEvent;
import dev.heimdall.loadtest.mock.MockJson;
import dev.heimdall.loadtest.mock.Replies;
import dev.heimdall.loadtest.mock.openai.OpenAiMock;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Google's {@code GenerateContent} wire format, as both AI Studio ({@code /gemini}) and Vertex AI ({@code /vertex})
 * serve it: {@code generateContent}, {@code streamGenerateContent} (SSE with {@code alt=sse}, else one JSON array),
 * {@code countTokens}, {@code embedContent}, {@code batchEmbedContents}. Written from Google's public API reference.
 *
 * <p>Beyond the rules of {@link Replies}: {@code systemInstruction} counts as one message; a {@code functionCall}
 * part counts its args as JSON text, a {@code functionResponse} its response; the text of a tool result is the
 * response's {@code content} (or {@code output}/{@code result}) when textual, else the response as JSON.
 */
public final class GeminiFormat {

    private static final int DEFAULT_DIMENSIONS = 768;

    private GeminiFormat() {
    }

    /** A request the API rejects with 400 INVALID_ARGUMENT. */
    public static final class Invalid extends Exception {
        Invalid(String message) {
            super(message, null, false, false);
        }
    }

    private record Prompt(int tokens, String lastUserText, int images, String toolResult, boolean endsWithUser) {
    }

    /**
     * Serves {@code method} ({@code generateContent}, ...) for {@code model}; answers 404 for unknown methods.
     *
     * @throws Invalid for a malformed body, to be answered as 400 INVALID_ARGUMENT
     */
    public static void serve(Exchange ex, String model, String method, Map<String, String> headers) throws Invalid {
        JsonNode body = ex.json();
        if (!ex.jsonValid() || body == null || !body.isObject()) {
            throw new Invalid("Invalid JSON payload received.");
        }
        switch (method) {
            case "generateContent", "streamGenerateContent" -> {
                Prompt prompt = prompt(body);
                int limit = ex.config().contextLimit(model);
                if (prompt.tokens > limit) {
                    throw new Invalid("The input token count (" + prompt.tokens + ") exceeds the maximum number of "
                            + "tokens allowed (" + limit + ").");
                }
                generate(ex, body, model, prompt, method.equals("streamGenerateContent"), headers);
            }
            case "countTokens" -> {
                JsonNode request = body.path("generateContentRequest");
                int tokens = prompt(request.isObject() ? request : body).tokens;
                ex.respond(200, MockJson.bytes(MockJson.object().put("totalTokens", tokens)), headers);
            }
            case "embedContent" -> {
                ObjectNode res = MockJson.object();
                res.set("embedding", embedding(body));
                ex.respond(200, MockJson.bytes(res), headers);
            }
            case "batchEmbedContents" -> {
                JsonNode requests = body.path("requests");
                if (!requests.isArray() || requests.isEmpty()) {
                    throw new Invalid("* BatchEmbedContentsRequest.requests: requests must not be empty");
                }
                ObjectNode res = MockJson.object();
                ArrayNode embeddings = res.putArray("embeddings");
                for (JsonNode r : requests) {
                    embeddings.add(embedding(r));
                }
                ex.respond(200, MockJson.bytes(res), headers);
            }
            default -> ex.respond(404, GeminiMock.errorBody(404, "NOT_FOUND",
                    "Method " + method + " is not found for model " + model), headers);
        }
    }

    private static ObjectNode embedding(JsonNode request) throws Invalid {
        JsonNode parts = request.path("content").path("parts");
        if (!parts.isArray() || parts.isEmpty()) {
            throw new Invalid("* EmbedContentRequest.content: contents is not specified");
        }
        StringBuilder text = new StringBuilder();
        for (JsonNode p : parts) {
            append(text, p.path("text").asText(""));
        }
        int dims = request.path("outputDimensionality").asInt(DEFAULT_DIMENSIONS);
        ObjectNode e = MockJson.object();
        ArrayNode values = e.putArray("values");
        for (float f : OpenAiMock.vector(text.toString(), Math.max(1, dims))) {
            values.add(f);
        }
        return e;
    }

    private static Prompt prompt(JsonNode body) throws Invalid {
        JsonNode contents = body.get("contents");
        if (contents == null || !contents.isArray() || contents.isEmpty()) {
            throw new Invalid("* GenerateContentRequest.contents: contents is not specified");
        }
        int tokens = Replies.PRIMING_TOKENS;
        JsonNode system = body.get("systemInstruction");
        if (system != null && system.isObject()) {
            tokens += Replies.PER_MESSAGE_TOKENS + Replies.tokens(texts(system.path("parts")));
        }
        JsonNode tools = body.get("tools");
        if (tools != null && tools.isArray() && !tools.isEmpty()) {
            tokens += Replies.tokens(tools.toString());
        }
        String lastUserText = "";
        int images = 0;
        String toolResult = null;
        for (int i = 0; i < contents.size(); i++) {
            JsonNode content = contents.get(i);
            String role = content.path("role").asText("user");
            if (!role.equals("user") && !role.equals("model")) {
                throw new Invalid("Please use a valid role: user, model.");
            }
            JsonNode parts = content.path("parts");
            if (!parts.isArray() || parts.isEmpty()) {
                throw new Invalid("* GenerateContentRequest.contents[" + i + "].parts: contents.parts must not be "
                        + "empty.");
            }
            StringBuilder text = new StringBuilder();
            StringBuilder results = new StringBuilder();
            int msgImages = 0;
            boolean hasResult = false;
            for (JsonNode part : parts) {
                if (part.path("text").isTextual()) {
                    append(text, part.get("text").asText());
                } else if (part.path("inlineData").isObject() || part.path("fileData").isObject()) {
                    JsonNode data = part.has("inlineData") ? part.get("inlineData") : part.get("fileData");
                    if (!data.path("mimeType").isTextual()) {
                        throw new Invalid("* GenerateContentRequest.contents[" + i + "].parts: mimeType is "
                                + "required");
                    }
                    msgImages++;
                } else if (part.path("functionCall").isObject()) {
                    append(text, part.get("functionCall").path("args").toString());
                } else if (part.path("functionResponse").isObject()) {
                    JsonNode fr = part.get("functionResponse");
                    if (!fr.path("name").isTextual()) {
                        throw new Invalid("* GenerateContentRequest.contents[" + i + "].parts.function_response"
                                + ".name: Name cannot be empty.");
                    }
                    hasResult = true;
                    String r = resultText(fr.path("response"));
                    if (!results.isEmpty()) {
                        results.append("; ");
                    }
                    results.append(r);
                    append(text, r);
                } else {
                    throw new Invalid("* GenerateContentRequest.contents[" + i + "].parts: required oneof field "
                            + "'data' must have one initialized field");
                }
            }
            tokens += Replies.PER_MESSAGE_TOKENS + Replies.tokens(text.toString())
                    + Replies.PER_IMAGE_TOKENS * msgImages;
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
        boolean endsWithUser = contents.get(contents.size() - 1).path("role").asText("user").equals("user");
        return new Prompt(tokens, lastUserText, images, endsWithUser ? toolResult : null, endsWithUser);
    }

    private static String texts(JsonNode parts) {
        StringBuilder sb = new StringBuilder();
        for (JsonNode p : parts) {
            append(sb, p.path("text").asText(""));
        }
        return sb.toString();
    }

    private static String resultText(JsonNode response) {
        for (String field : List.of("content", "output", "result")) {
            if (response.path(field).isTextual()) {
                return response.get(field).asText();
            }
        }
        return MockJson.string(response);
    }

    private static void append(StringBuilder sb, String text) {
        if (!sb.isEmpty()) {
            sb.append(' ');
        }
        sb.append(text);
    }

    private static void generate(Exchange ex, JsonNode body, String model, Prompt prompt, boolean streaming,
                                 Map<String, String> headers) throws Invalid {
        JsonNode config = body.path("generationConfig");
        List<String> stops = new ArrayList<>();
        config.path("stopSequences").forEach(s -> stops.add(s.asText()));
        int maxTokens = config.path("maxOutputTokens").asInt(0);
        JsonNode tool = prompt.endsWithUser && prompt.toolResult == null
                ? chosenTool(body.path("tools"), body.path("toolConfig").path("functionCallingConfig")) : null;
        String id = Replies.id("", 22);

        ObjectNode part = MockJson.object();
        String finishReason;
        int outputTokens;
        List<String> deltas;
        if (tool != null) {
            ObjectNode args = Replies.arguments(lowerCaseTypes(tool.get("parameters")), prompt.lastUserText);
            part.putObject("functionCall").put("name", tool.path("name").asText()).set("args", args);
            outputTokens = Replies.fragments(MockJson.string(args), 1).size();
            deltas = List.of();
            finishReason = "STOP";
        } else {
            String reply = prompt.toolResult != null ? Replies.toolResultReply(prompt.toolResult)
                    : Replies.reply(prompt.lastUserText, prompt.images);
            Replies.Output out = Replies.limit(reply, stops, maxTokens);
            outputTokens = out.pieces().size();
            deltas = Replies.group(out.pieces(), ex.config().streamChunkWords());
            finishReason = out.truncated() ? "MAX_TOKENS" : "STOP";
            part.put("text", out.text());
        }
        ObjectNode usage = MockJson.object().put("promptTokenCount", prompt.tokens)
                .put("candidatesTokenCount", outputTokens).put("totalTokenCount", prompt.tokens + outputTokens);
        usage.putArray("promptTokensDetails").addObject().put("modality", "TEXT").put("tokenCount", prompt.tokens);

        if (!streaming) {
            ObjectNode res = response(List.of(part), finishReason, usage, model, id);
            ex.respond(200, MockJson.bytes(res), headers);
            return;
        }
        List<ObjectNode> chunks = new ArrayList<>();
        if (tool != null) {
            chunks.add(response(List.of(part), finishReason, usage, model, id));
        } else {
            for (int i = 0; i < deltas.size(); i++) {
                boolean last = i == deltas.size() - 1;
                ObjectNode text = MockJson.object().put("text", deltas.get(i));
                chunks.add(response(List.of(text), last ? finishReason : null, usage(usage, last), model, id));
            }
            if (chunks.isEmpty()) {
                chunks.add(response(List.of(MockJson.object().put("text", "")), finishReason, usage, model, id));
            }
        }
        boolean sse = "sse".equals(ex.request().getParam("alt"));
        if (sse) {
            List<SseEvent> events = new ArrayList<>();
            for (ObjectNode chunk : chunks) {
                events.add(new SseEvent("data: " + MockJson.string(chunk) + "\r\n\r\n", true));
            }
            ex.stream(events, headers);
        } else {
            // without alt=sse the API streams one JSON array whose elements arrive as they are generated
            ArrayNode array = MockJson.MAPPER.createArrayNode();
            chunks.forEach(array::add);
            ex.respond(200, MockJson.bytes(array), headers);
        }
    }

    /** Intermediate chunks carry the prompt count only, as the API does; the last one the full usage. */
    private static ObjectNode usage(ObjectNode full, boolean last) {
        if (last) {
            return full;
        }
        return MockJson.object().put("promptTokenCount", full.path("promptTokenCount").asInt())
                .put("totalTokenCount", full.path("promptTokenCount").asInt());
    }

    private static ObjectNode response(List<ObjectNode> parts, String finishReason, ObjectNode usage, String model,
                                       String id) {
        ObjectNode res = MockJson.object();
        ObjectNode candidate = res.putArray("candidates").addObject();
        ObjectNode content = candidate.putObject("content");
        ArrayNode p = content.putArray("parts");
        parts.forEach(p::add);
        content.put("role", "model");
        if (finishReason != null) {
            candidate.put("finishReason", finishReason);
        }
        candidate.put("index", 0);
        res.set("usageMetadata", usage);
        res.put("modelVersion", model);
        res.put("responseId", id);
        return res;
    }

    /**
     * Gemini's schema names types in upper case ({@code OBJECT}, {@code STRING}: its {@code Type} enum) and accepts
     * JSON Schema's lower case too; {@link Replies#arguments} reads the lower-case form.
     */
    private static JsonNode lowerCaseTypes(JsonNode schema) {
        if (schema == null || !schema.isObject()) {
            return schema;
        }
        ObjectNode copy = schema.deepCopy();
        lowerInPlace(copy);
        return copy;
    }

    private static void lowerInPlace(JsonNode node) {
        if (node instanceof ObjectNode object) {
            JsonNode type = object.get("type");
            if (type != null && type.isTextual()) {
                object.put("type", type.asText().toLowerCase(java.util.Locale.ROOT));
            }
        }
        node.forEach(GeminiFormat::lowerInPlace);
    }

    /** The declared function to call, or null: none for mode NONE, the first allowed one, else the first. */
    private static JsonNode chosenTool(JsonNode tools, JsonNode callingConfig) throws Invalid {
        List<JsonNode> declarations = new ArrayList<>();
        for (JsonNode t : tools) {
            t.path("functionDeclarations").forEach(declarations::add);
        }
        if (declarations.isEmpty()) {
            return null;
        }
        String mode = callingConfig.path("mode").asText("AUTO");
        if (mode.equals("NONE")) {
            return null;
        }
        JsonNode allowed = callingConfig.path("allowedFunctionNames");
        if (allowed.isArray() && !allowed.isEmpty()) {
            String name = allowed.get(0).asText();
            for (JsonNode d : declarations) {
                if (name.equals(d.path("name").asText())) {
                    return d;
                }
            }
            throw new Invalid("* GenerateContentRequest.tool_config.function_calling_config.allowed_function_names: "
                    + "function " + name + " is not declared");
        }
        return declarations.get(0);
    }
}
