package dev.heimdall.providers.gemini;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.heimdall.providers.canonical.ChatRequest;
import dev.heimdall.providers.canonical.ContentPart;
import dev.heimdall.providers.canonical.Message;
import dev.heimdall.providers.canonical.Role;
import dev.heimdall.providers.canonical.ToolCall;
import dev.heimdall.providers.canonical.ToolChoice;
import dev.heimdall.providers.canonical.ToolDefinition;
import dev.heimdall.providers.spi.InvalidRequestException;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Parses a Gemini {@code GenerateContentRequest}, as Gemini CLI and the Google GenAI SDKs send it, into the canonical
 * request: the inverse of {@link GeminiCodec#encodeBody}.
 *
 * <p>Where the formats differ:
 * <ul>
 *   <li>Gemini's function calls carry no id unless the client echoes one: calls get {@code call_<n>}, numbered in
 *       order through the whole request, and a {@code functionResponse} without id answers the earliest unanswered
 *       call of the same name (Gemini pairs them by name);</li>
 *   <li>a {@code functionResponse} whose {@code response} holds a single text field ({@code content}, {@code output}
 *       or {@code result}) becomes that text, the inverse of how the codec wraps plain text; anything else becomes
 *       the response's JSON;</li>
 *   <li>function parameters in Gemini's OpenAPI subset have upper-case types ({@code OBJECT}); they become JSON
 *       Schema with lower-case types so that other providers accept them;</li>
 *   <li>{@code responseMimeType: application/json} becomes a JSON response format ({@code json_schema} when a
 *       {@code responseJsonSchema} or {@code responseSchema} is given);</li>
 *   <li>the gateway keeps no state: {@code cachedContent} (a context cache stored at Google) is rejected.</li>
 *   <li>only function tools exist in the canonical model: Google's built-in tools (search, code execution) are
 *       rejected rather than silently dropped.</li>
 * </ul>
 */
public final class GeminiRequestParser {

    private static final List<String> TEXT_RESULT_FIELDS = List.of("content", "output", "result");

    private GeminiRequestParser() {
    }

    /**
     * @param model  the model named in the URL path (an alias or {@code provider/model})
     * @param stream whether the client called {@code streamGenerateContent}
     */
    public static ChatRequest parse(String model, ObjectNode body, boolean stream) {
        if (body.hasNonNull("cachedContent")) {
            throw invalid("cachedContent", "cachedContent is not supported by this gateway: send the cached "
                    + "contents in the request instead.");
        }
        List<Message> messages = new ArrayList<>();
        systemInstruction(body.get("systemInstruction"), messages);
        contents(body.get("contents"), messages);
        List<ToolDefinition> tools = tools(body.get("tools"));
        ToolChoice toolChoice = toolChoice(body.path("toolConfig").get("functionCallingConfig"));

        JsonNode config = body.get("generationConfig");
        if (config != null && !config.isNull() && !config.isObject()) {
            throw invalid("generationConfig", "Invalid value at 'generation_config', expected an object.");
        }
        ObjectNode generation = config instanceof ObjectNode o ? o : GeminiCodec.MAPPER.createObjectNode();
        JsonNode candidates = generation.get("candidateCount");
        if (candidates != null && !candidates.isNull() && (!candidates.canConvertToInt() || candidates.asInt() != 1)) {
            throw invalid("generationConfig.candidateCount", "Only candidateCount 1 is supported by this gateway.");
        }
        Long maxTokens = integer(generation, "maxOutputTokens");
        Long seed = integer(generation, "seed");
        return new ChatRequest(model, messages, tools, toolChoice, number(generation, "temperature"),
                number(generation, "topP"), maxTokens == null ? null : Math.toIntExact(maxTokens),
                stopSequences(generation.get("stopSequences")), stream, stream,
                number(generation, "presencePenalty"), number(generation, "frequencyPenalty"), seed, null, null,
                responseFormat(generation), null, Map.of(), null);
    }

    private static void systemInstruction(JsonNode system, List<Message> messages) {
        if (system == null || system.isNull()) {
            return;
        }
        if (system.isTextual()) {
            messages.add(Message.text(Role.SYSTEM, system.textValue()));
            return;
        }
        if (!system.isObject()) {
            throw invalid("systemInstruction", "Invalid value at 'system_instruction', expected a Content object.");
        }
        StringBuilder text = new StringBuilder();
        JsonNode parts = partsOf(system, "systemInstruction");
        for (int i = 0; i < parts.size(); i++) {
            JsonNode part = parts.get(i);
            if (!part.path("text").isTextual()) {
                throw invalid("systemInstruction.parts[" + i + "]",
                        "Only text parts are supported in the system instruction.");
            }
            if (text.length() > 0) {
                text.append('\n');
            }
            text.append(part.get("text").textValue());
        }
        messages.add(Message.text(Role.SYSTEM, text.toString()));
    }

    private static void contents(JsonNode contents, List<Message> messages) {
        if (contents == null || contents.isNull() || (contents.isArray() && contents.isEmpty())) {
            throw invalid("contents", "* GenerateContentRequest.contents: contents is not specified");
        }
        if (!contents.isArray()) {
            throw invalid("contents", "Invalid value at 'contents', expected a list of Content objects.");
        }
        // calls not yet answered, by function name, in order: Gemini pairs responses with calls by name
        Map<String, Deque<String>> pending = new HashMap<>();
        int[] callCount = {0};
        for (int i = 0; i < contents.size(); i++) {
            JsonNode content = contents.get(i);
            String where = "contents[" + i + "]";
            if (!content.isObject()) {
                throw invalid(where, "Invalid value at '" + where + "', expected a Content object.");
            }
            String role = content.path("role").asText("user");
            boolean model;
            switch (role) {
                case "model" -> model = true;
                // "function" is the role older clients give turns of function responses
                case "user", "function", "" -> model = false;
                default -> throw invalid(where + ".role", "Please use a valid role: user, model.");
            }
            JsonNode parts = partsOf(content, where);
            if (model) {
                messages.add(modelTurn(parts, where, pending, callCount));
            } else {
                userTurn(parts, where, pending, messages);
            }
        }
    }

    private static Message modelTurn(JsonNode parts, String where, Map<String, Deque<String>> pending, int[] callCount) {
        List<ContentPart> content = new ArrayList<>();
        List<ToolCall> calls = new ArrayList<>();
        for (int j = 0; j < parts.size(); j++) {
            JsonNode part = parts.get(j);
            String at = where + ".parts[" + j + "]";
            if (part.path("thought").asBoolean(false)) {
                continue; // the model's own thought summaries are not conversation
            }
            if (part.has("functionCall")) {
                JsonNode call = part.get("functionCall");
                if (!call.isObject() || !call.path("name").isTextual() || call.get("name").textValue().isEmpty()) {
                    throw invalid(at + ".functionCall.name", "* GenerateContentRequest." + at
                            + ".function_call.name: Name cannot be empty.");
                }
                JsonNode args = call.path("args");
                if (!args.isMissingNode() && !args.isNull() && !args.isObject()) {
                    throw invalid(at + ".functionCall.args", "Invalid value at '" + at
                            + ".function_call.args', expected an object.");
                }
                String name = call.get("name").textValue();
                String id = call.path("id").isTextual() ? call.get("id").textValue() : "call_" + callCount[0];
                callCount[0]++;
                calls.add(new ToolCall(id, name, args.isObject() ? args.toString() : "{}"));
                pending.computeIfAbsent(name, k -> new ArrayDeque<>()).add(id);
            } else if (part.has("functionResponse")) {
                throw invalid(at + ".functionResponse", "Function responses must be sent in a user turn.");
            } else {
                content.add(contentPart(part, at));
            }
        }
        return new Message(Role.ASSISTANT, content, null, calls, null);
    }

    /** Tool results first (they answer the preceding model turn), then whatever else the user said. */
    private static void userTurn(JsonNode parts, String where, Map<String, Deque<String>> pending,
                                 List<Message> messages) {
        List<ContentPart> content = new ArrayList<>();
        for (int j = 0; j < parts.size(); j++) {
            JsonNode part = parts.get(j);
            String at = where + ".parts[" + j + "]";
            if (part.has("functionResponse")) {
                messages.add(toolResult(part.get("functionResponse"), at, pending));
            } else if (part.has("functionCall")) {
                throw invalid(at + ".functionCall", "Function calls must be sent in a model turn.");
            } else {
                content.add(contentPart(part, at));
            }
        }
        if (!content.isEmpty()) {
            messages.add(new Message(Role.USER, content, null, List.of(), null));
        }
    }

    private static Message toolResult(JsonNode response, String at, Map<String, Deque<String>> pending) {
        if (!response.isObject() || !response.path("name").isTextual() || response.get("name").textValue().isEmpty()) {
            throw invalid(at + ".functionResponse.name", "* GenerateContentRequest." + at
                    + ".function_response.name: Name cannot be empty.");
        }
        String name = response.get("name").textValue();
        Deque<String> calls = pending.get(name);
        String id;
        if (response.path("id").isTextual()) {
            id = response.get("id").textValue();
            if (calls != null) {
                calls.remove(id);
            }
        } else if (calls != null && !calls.isEmpty()) {
            id = calls.poll();
        } else {
            throw invalid(at + ".functionResponse", "The function response for '" + name
                    + "' does not follow a function call of that name.");
        }
        JsonNode output = response.path("response");
        return new Message(Role.TOOL, List.of(new ContentPart.Text(resultText(output))), name, List.of(), id);
    }

    /** The inverse of how {@link GeminiCodec} wraps a plain-text tool result as {@code {"content": ...}}. */
    private static String resultText(JsonNode output) {
        if (output.isMissingNode() || output.isNull()) {
            return "";
        }
        if (output.isObject() && output.size() == 1) {
            String field = output.fieldNames().next();
            if (TEXT_RESULT_FIELDS.contains(field) && output.get(field).isTextual()) {
                return output.get(field).textValue();
            }
        }
        return output.isTextual() ? output.textValue() : output.toString();
    }

    private static ContentPart contentPart(JsonNode part, String at) {
        if (!part.isObject()) {
            throw invalid(at, "Invalid value at '" + at + "', expected a Part object.");
        }
        if (part.has("text")) {
            if (!part.get("text").isTextual()) {
                throw invalid(at + ".text", "Invalid value at '" + at + ".text' (TYPE_STRING), "
                        + part.get("text"));
            }
            return new ContentPart.Text(part.get("text").textValue());
        }
        if (part.has("inlineData")) {
            JsonNode data = part.get("inlineData");
            if (!data.path("mimeType").isTextual() || !data.path("data").isTextual()) {
                throw invalid(at + ".inlineData", "inlineData needs a mimeType and base64 data.");
            }
            return new ContentPart.Image(null, data.get("mimeType").textValue(), data.get("data").textValue(), null);
        }
        if (part.has("fileData")) {
            JsonNode file = part.get("fileData");
            if (!file.path("fileUri").isTextual()) {
                throw invalid(at + ".fileData.fileUri", "fileData needs a fileUri.");
            }
            return ContentPart.Image.fromUrl(file.get("fileUri").textValue(), null);
        }
        throw invalid(at, "Unsupported part at '" + at + "': this gateway takes text, inlineData, fileData, "
                + "functionCall and functionResponse parts.");
    }

    private static JsonNode partsOf(JsonNode content, String where) {
        JsonNode parts = content.get("parts");
        if (parts == null || parts.isNull()) {
            throw invalid(where + ".parts", "* GenerateContentRequest." + where
                    + ".parts: contents.parts must not be empty.");
        }
        if (!parts.isArray()) {
            throw invalid(where + ".parts", "Invalid value at '" + where + ".parts', expected a list of Part objects.");
        }
        return parts;
    }

    private static List<ToolDefinition> tools(JsonNode tools) {
        if (tools == null || tools.isNull()) {
            return List.of();
        }
        if (!tools.isArray()) {
            throw invalid("tools", "Invalid value at 'tools', expected a list of Tool objects.");
        }
        List<ToolDefinition> definitions = new ArrayList<>();
        for (int i = 0; i < tools.size(); i++) {
            JsonNode tool = tools.get(i);
            String where = "tools[" + i + "]";
            if (!tool.isObject()) {
                throw invalid(where, "Invalid value at '" + where + "', expected a Tool object.");
            }
            for (String kind : (Iterable<String>) tool::fieldNames) {
                if (!kind.equals("functionDeclarations")) {
                    throw invalid(where + "." + kind, "Tool '" + kind
                            + "' is not supported by this gateway; only functionDeclarations are.");
                }
            }
            JsonNode declarations = tool.path("functionDeclarations");
            if (!declarations.isArray()) {
                throw invalid(where + ".functionDeclarations", "Invalid value at '" + where
                        + ".function_declarations', expected a list.");
            }
            for (int j = 0; j < declarations.size(); j++) {
                definitions.add(declaration(declarations.get(j), where + ".functionDeclarations[" + j + "]"));
            }
        }
        return definitions;
    }

    private static ToolDefinition declaration(JsonNode d, String where) {
        if (!d.isObject() || !d.path("name").isTextual() || d.get("name").textValue().isEmpty()) {
            throw invalid(where + ".name", "* GenerateContentRequest." + where + ".name: Name cannot be empty.");
        }
        JsonNode description = d.path("description");
        if (!description.isMissingNode() && !description.isNull() && !description.isTextual()) {
            throw invalid(where + ".description", "Invalid value at '" + where + ".description' (TYPE_STRING), "
                    + description);
        }
        JsonNode schema = d.has("parametersJsonSchema") ? d.get("parametersJsonSchema") : d.get("parameters");
        if (schema != null && !schema.isNull() && !schema.isObject()) {
            throw invalid(where + ".parameters", "Invalid value at '" + where + ".parameters', expected a Schema.");
        }
        return new ToolDefinition(d.get("name").textValue(), description.isTextual() ? description.textValue() : null,
                schema == null || schema.isNull() ? null : jsonSchema(schema));
    }

    /** Gemini's OpenAPI schema types are upper-case enums ({@code OBJECT}); JSON Schema's are lower-case. */
    static JsonNode jsonSchema(JsonNode schema) {
        JsonNode copy = schema.deepCopy();
        lowerTypes(copy);
        return copy;
    }

    /** Walks schemas, not data: the keys of a {@code properties} map are property names, never keywords. */
    private static void lowerTypes(JsonNode schema) {
        if (schema.isArray()) {
            schema.forEach(GeminiRequestParser::lowerTypes);
            return;
        }
        if (!(schema instanceof ObjectNode object)) {
            return;
        }
        JsonNode type = object.get("type");
        if (type != null && type.isTextual()) {
            object.set("type", TextNode.valueOf(type.textValue().toLowerCase(Locale.ROOT)));
        } else if (type instanceof ArrayNode types) {
            for (int i = 0; i < types.size(); i++) {
                if (types.get(i).isTextual()) {
                    types.set(i, TextNode.valueOf(types.get(i).textValue().toLowerCase(Locale.ROOT)));
                }
            }
        }
        for (Map.Entry<String, JsonNode> field : object.properties()) {
            JsonNode value = field.getValue();
            if ((field.getKey().equals("properties") || field.getKey().equals("$defs")) && value.isObject()) {
                value.forEach(GeminiRequestParser::lowerTypes);
            } else if (!field.getKey().equals("type") && !field.getKey().equals("enum")
                    && !field.getKey().equals("example") && !field.getKey().equals("default")) {
                lowerTypes(value);
            }
        }
    }

    private static ToolChoice toolChoice(JsonNode config) {
        if (config == null || config.isNull()) {
            return null;
        }
        if (!config.isObject()) {
            throw invalid("toolConfig.functionCallingConfig", "Invalid value at "
                    + "'tool_config.function_calling_config', expected an object.");
        }
        JsonNode names = config.path("allowedFunctionNames");
        if (!names.isMissingNode() && !names.isNull() && !names.isArray()) {
            throw invalid("toolConfig.functionCallingConfig.allowedFunctionNames", "Invalid value at "
                    + "'tool_config.function_calling_config.allowed_function_names', expected a list of strings.");
        }
        String mode = config.path("mode").asText("MODE_UNSPECIFIED");
        return switch (mode) {
            case "AUTO", "MODE_UNSPECIFIED" -> ToolChoice.AUTO;
            case "NONE" -> ToolChoice.NONE;
            // several allowed names cannot be expressed canonically: any tool is required, the model picks
            case "ANY", "VALIDATED" -> names.size() == 1 && names.get(0).isTextual()
                    ? ToolChoice.tool(names.get(0).textValue()) : ToolChoice.REQUIRED;
            default -> throw invalid("toolConfig.functionCallingConfig.mode", "Invalid value at "
                    + "'tool_config.function_calling_config.mode' (type.googleapis.com/google.ai.generativelanguage."
                    + "v1beta.FunctionCallingConfig.Mode), \"" + mode + "\"");
        };
    }

    private static JsonNode responseFormat(ObjectNode generation) {
        JsonNode mime = generation.get("responseMimeType");
        if (mime == null || mime.isNull()) {
            return null;
        }
        String type = mime.asText("");
        if (type.equals("text/plain")) {
            return null;
        }
        if (!type.equals("application/json")) {
            throw invalid("generationConfig.responseMimeType", "* GenerateContentRequest.generation_config."
                    + "response_mime_type: allowed mimetypes are `text/plain` and `application/json`.");
        }
        JsonNode schema = generation.get("responseJsonSchema");
        if ((schema == null || !schema.isObject()) && generation.path("responseSchema").isObject()) {
            schema = jsonSchema(generation.get("responseSchema"));
        }
        ObjectNode format = GeminiCodec.MAPPER.createObjectNode();
        if (schema != null && schema.isObject()) {
            format.put("type", "json_schema");
            format.putObject("json_schema").put("name", "response").set("schema", schema);
        } else {
            format.put("type", "json_object");
        }
        return format;
    }

    private static List<String> stopSequences(JsonNode stop) {
        if (stop == null || stop.isNull()) {
            return List.of();
        }
        if (!stop.isArray()) {
            throw invalid("generationConfig.stopSequences", "Invalid value at "
                    + "'generation_config.stop_sequences', expected a list of strings.");
        }
        List<String> out = new ArrayList<>();
        for (JsonNode s : stop) {
            if (!s.isTextual()) {
                throw invalid("generationConfig.stopSequences", "Invalid value at "
                        + "'generation_config.stop_sequences' (TYPE_STRING), " + s);
            }
            out.add(s.textValue());
        }
        return out;
    }

    private static Double number(ObjectNode generation, String field) {
        JsonNode value = generation.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isNumber()) {
            throw invalid("generationConfig." + field, "Invalid value at 'generation_config." + snake(field)
                    + "' (TYPE_FLOAT), " + value);
        }
        return value.doubleValue();
    }

    private static Long integer(ObjectNode generation, String field) {
        JsonNode value = generation.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isIntegralNumber() || !value.canConvertToInt() || value.intValue() < 0) {
            throw invalid("generationConfig." + field, "Invalid value at 'generation_config." + snake(field)
                    + "' (TYPE_INT32), " + value);
        }
        return value.longValue();
    }

    /** Google's messages name fields in their proto spelling. */
    private static String snake(String camel) {
        return camel.replaceAll("([A-Z])", "_$1").toLowerCase(Locale.ROOT);
    }

    private static InvalidRequestException invalid(String param, String message) {
        return new InvalidRequestException(param, message);
    }
}
