package dev.heimdall.providers.openai.responses;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.heimdall.providers.canonical.ChatRequest;
import dev.heimdall.providers.canonical.ContentPart;
import dev.heimdall.providers.canonical.Message;
import dev.heimdall.providers.canonical.Role;
import dev.heimdall.providers.canonical.ToolCall;
import dev.heimdall.providers.canonical.ToolChoice;
import dev.heimdall.providers.canonical.ToolDefinition;
import dev.heimdall.providers.spi.InvalidRequestException;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import static dev.heimdall.providers.openai.OpenAiFields.absent;
import static dev.heimdall.providers.openai.OpenAiFields.bool;
import static dev.heimdall.providers.openai.OpenAiFields.metadata;
import static dev.heimdall.providers.openai.OpenAiFields.number;
import static dev.heimdall.providers.openai.OpenAiFields.optionalString;
import static dev.heimdall.providers.openai.OpenAiFields.positiveInt;
import static dev.heimdall.providers.openai.OpenAiFields.requiredString;

/**
 * Parses an OpenAI Responses API request ({@code POST /v1/responses}) into the canonical chat model.
 *
 * <p>The gateway is stateless: it stores no responses and no conversations, so {@code previous_response_id},
 * {@code conversation}, {@code item_reference} input items, stored {@code prompt} templates and {@code background}
 * are rejected with a 400 telling the client to send the full input; {@code store} is accepted but nothing is stored (the response says
 * {@code store: false}). Only {@code function} tools are supported: hosted tools (web search, file search, computer
 * use, code interpreter ...) run inside OpenAI and cannot be served by other providers.
 *
 * <p>Input items translate to chat messages: {@code message} items by role ({@code developer} and {@code system} to
 * a system message), consecutive {@code function_call} items to one assistant message with tool calls (merged into
 * the assistant message just before them, if any), {@code function_call_output} items to tool messages.
 * {@code reasoning} items are dropped: they carry another model's (often encrypted) reasoning that chat-style
 * providers cannot take back.
 */
public final class ResponsesParser {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final Pattern FUNCTION_NAME = Pattern.compile("[a-zA-Z0-9_-]{1,64}");
    static final String STATEFUL = "stateful Responses features (previous_response_id, conversation, stored responses)"
            + " are not supported: send the full input";

    private ResponsesParser() {
    }

    public static ResponsesRequest parse(ObjectNode body) {
        if (body == null) {
            throw new InvalidRequestException(null, "request body must be a JSON object");
        }
        for (String stateful : List.of("previous_response_id", "conversation")) {
            if (!absent(body.get(stateful))) {
                throw new InvalidRequestException(stateful, STATEFUL);
            }
        }
        if (!absent(body.get("prompt"))) {
            throw new InvalidRequestException("prompt", "prompt templates are stored at OpenAI and not supported by "
                    + "the gateway: send instructions and input instead");
        }
        if (Boolean.TRUE.equals(bool(body, "background", "background"))) {
            throw new InvalidRequestException("background",
                    "background responses are not supported by the gateway: it stores no responses to poll");
        }
        bool(body, "store", "store");
        String model = requiredString(body, "model", "model");
        String instructions = optionalString(body, "instructions", "instructions");
        List<Message> messages = new ArrayList<>();
        if (instructions != null) {
            messages.add(Message.text(Role.SYSTEM, instructions));
        }
        input(body, messages);
        ArrayNode toolsNode = NODES.arrayNode();
        List<ToolDefinition> tools = tools(body, toolsNode);
        JsonNode toolChoiceNode = absent(body.get("tool_choice")) ? null : body.get("tool_choice");
        ToolChoice toolChoice = toolChoice(toolChoiceNode, tools);
        Double temperature = number(body, "temperature", 0, 2);
        Double topP = number(body, "top_p", 0, 1);
        Integer maxTokens = positiveInt(body, "max_output_tokens");
        boolean stream = Boolean.TRUE.equals(bool(body, "stream", "stream"));
        String user = optionalString(body, "user", "user");
        Boolean parallelToolCalls = bool(body, "parallel_tool_calls", "parallel_tool_calls");
        JsonNode reasoning = body.get("reasoning");
        String reasoningEffort = reasoningEffort(reasoning);
        JsonNode textFormat = textFormat(body);
        Map<String, String> metadata = metadata(body);
        ChatRequest chat = new ChatRequest(model, messages, tools, toolChoice, temperature, topP, maxTokens, List.of(),
                stream, stream, null, null, null, user, parallelToolCalls, responseFormat(textFormat),
                reasoningEffort, metadata, null);
        return new ResponsesRequest(chat, instructions, toolsNode, toolChoiceNode,
                absent(reasoning) ? null : reasoning, textFormat);
    }

    // ---- input

    private static void input(ObjectNode body, List<Message> messages) {
        JsonNode input = body.get("input");
        if (absent(input)) {
            throw new InvalidRequestException("input", "input is required: the gateway is stateless, send the full "
                    + "conversation as input");
        }
        if (input.isTextual()) {
            messages.add(Message.text(Role.USER, input.textValue()));
            return;
        }
        if (!input.isArray()) {
            throw new InvalidRequestException("input", "input must be a string or an array of input items");
        }
        if (input.isEmpty()) {
            throw new InvalidRequestException("input", "input must contain at least one item");
        }
        for (int i = 0; i < input.size(); i++) {
            item(input.get(i), "input[" + i + "]", messages);
        }
    }

    private static void item(JsonNode node, String path, List<Message> messages) {
        if (!node.isObject()) {
            throw new InvalidRequestException(path, path + " must be an object");
        }
        String type = optionalString(node, "type", path + ".type");
        if (type == null || type.equals("message")) {
            messages.add(message(node, path));
            return;
        }
        switch (type) {
            case "function_call" -> {
                ToolCall call = new ToolCall(requiredString(node, "call_id", path + ".call_id"),
                        requiredString(node, "name", path + ".name"),
                        requiredString(node, "arguments", path + ".arguments"));
                Message last = messages.isEmpty() ? null : messages.get(messages.size() - 1);
                if (last != null && last.role() == Role.ASSISTANT) {
                    // one assistant turn in chat form: its text and every call it made
                    List<ToolCall> calls = new ArrayList<>(last.toolCalls());
                    calls.add(call);
                    messages.set(messages.size() - 1,
                            new Message(Role.ASSISTANT, last.content(), last.name(), calls, null));
                } else {
                    messages.add(new Message(Role.ASSISTANT, List.of(), null, List.of(call), null));
                }
            }
            case "function_call_output" -> {
                String callId = requiredString(node, "call_id", path + ".call_id");
                messages.add(new Message(Role.TOOL, List.of(new ContentPart.Text(toolOutput(node, path))), null,
                        List.of(), callId));
            }
            case "reasoning" -> {
                // another model's reasoning (often encrypted): chat-style providers cannot take it back
            }
            case "item_reference" -> throw new InvalidRequestException(path + ".type", STATEFUL);
            default -> throw new InvalidRequestException(path + ".type", path + ".type '" + type
                    + "' is not supported by the gateway; supported: message, function_call, function_call_output,"
                    + " reasoning (ignored)");
        }
    }

    private static Message message(JsonNode node, String path) {
        String roleName = requiredString(node, "role", path + ".role");
        Role role = switch (roleName) {
            case "user" -> Role.USER;
            case "assistant" -> Role.ASSISTANT;
            case "system", "developer" -> Role.SYSTEM;
            default -> throw new InvalidRequestException(path + ".role",
                    path + ".role must be one of user, assistant, system, developer");
        };
        JsonNode content = node.get("content");
        String p = path + ".content";
        if (absent(content)) {
            throw new InvalidRequestException(p, p + " is required");
        }
        if (content.isTextual()) {
            return Message.text(role, content.textValue());
        }
        if (!content.isArray()) {
            throw new InvalidRequestException(p, p + " must be a string or an array of content parts");
        }
        List<ContentPart> parts = new ArrayList<>(content.size());
        for (int j = 0; j < content.size(); j++) {
            parts.add(part(content.get(j), p + "[" + j + "]", role));
        }
        return new Message(role, parts, null, List.of(), null);
    }

    private static ContentPart part(JsonNode node, String path, Role role) {
        if (!node.isObject()) {
            throw new InvalidRequestException(path, path + " must be an object");
        }
        String type = requiredString(node, "type", path + ".type");
        switch (type) {
            case "input_text", "output_text" -> {
                return new ContentPart.Text(requiredString(node, "text", path + ".text"));
            }
            case "refusal" -> {
                return new ContentPart.Text(requiredString(node, "refusal", path + ".refusal"));
            }
            case "input_image" -> {
                if (role != Role.USER) {
                    throw new InvalidRequestException(path + ".type",
                            path + ".type 'input_image' is only allowed in a user message");
                }
                String detail = optionalString(node, "detail", path + ".detail");
                if (detail != null && !detail.equals("auto") && !detail.equals("low") && !detail.equals("high")) {
                    throw new InvalidRequestException(path + ".detail", path + ".detail must be one of auto, low, high");
                }
                String url = optionalString(node, "image_url", path + ".image_url");
                if (url == null) {
                    if (!absent(node.get("file_id"))) {
                        throw new InvalidRequestException(path + ".file_id", path + ".file_id is not supported by "
                                + "the gateway (it stores no files): send image_url as an https or data: URL");
                    }
                    throw new InvalidRequestException(path + ".image_url", path + ".image_url is required");
                }
                return ContentPart.Image.fromUrl(url, detail);
            }
            default -> throw new InvalidRequestException(path + ".type", path + ".type '" + type
                    + "' is not supported by the gateway; supported: input_text, output_text, refusal, input_image");
        }
    }

    /** A tool's output: a string, or (newer API) a list of {@code input_text} parts, joined. */
    private static String toolOutput(JsonNode item, String path) {
        JsonNode output = item.get("output");
        String p = path + ".output";
        if (absent(output)) {
            throw new InvalidRequestException(p, p + " is required");
        }
        if (output.isTextual()) {
            return output.textValue();
        }
        if (!output.isArray()) {
            throw new InvalidRequestException(p, p + " must be a string or an array of input_text parts");
        }
        StringBuilder text = new StringBuilder();
        for (int j = 0; j < output.size(); j++) {
            JsonNode part = output.get(j);
            String pp = p + "[" + j + "]";
            if (!part.isObject() || !"input_text".equals(part.path("type").asText(null))) {
                throw new InvalidRequestException(pp, pp + " must be an input_text part: only text tool outputs are "
                        + "supported by the gateway");
            }
            text.append(requiredString(part, "text", pp + ".text"));
        }
        return text.toString();
    }

    // ---- tools

    private static List<ToolDefinition> tools(ObjectNode body, ArrayNode echo) {
        JsonNode node = body.get("tools");
        if (absent(node)) {
            return List.of();
        }
        if (!node.isArray()) {
            throw new InvalidRequestException("tools", "tools must be an array");
        }
        List<ToolDefinition> tools = new ArrayList<>(node.size());
        for (int i = 0; i < node.size(); i++) {
            String p = "tools[" + i + "]";
            JsonNode tool = node.get(i);
            if (!tool.isObject()) {
                throw new InvalidRequestException(p, p + " must be an object");
            }
            String type = requiredString(tool, "type", p + ".type");
            if (!type.equals("function")) {
                throw new InvalidRequestException(p + ".type", p + ".type '" + type + "' is not supported by the "
                        + "gateway: only function tools are (hosted tools such as web_search, file_search and "
                        + "computer_use run inside OpenAI)");
            }
            String name = requiredString(tool, "name", p + ".name");
            if (!FUNCTION_NAME.matcher(name).matches()) {
                throw new InvalidRequestException(p + ".name", p + ".name must match ^[a-zA-Z0-9_-]{1,64}$");
            }
            String description = optionalString(tool, "description", p + ".description");
            bool(tool, "strict", p + ".strict");
            JsonNode parameters = tool.get("parameters");
            if (absent(parameters)) {
                parameters = null;
            } else if (!parameters.isObject()) {
                throw new InvalidRequestException(p + ".parameters",
                        p + ".parameters must be an object (a JSON schema)");
            }
            tools.add(new ToolDefinition(name, description, parameters));
            echo.add(tool);
        }
        return tools;
    }

    private static ToolChoice toolChoice(JsonNode node, List<ToolDefinition> tools) {
        if (node == null) {
            return null;
        }
        ToolChoice choice;
        if (node.isTextual()) {
            choice = switch (node.textValue()) {
                case "auto" -> ToolChoice.AUTO;
                case "none" -> ToolChoice.NONE;
                case "required" -> ToolChoice.REQUIRED;
                default -> throw new InvalidRequestException("tool_choice",
                        "tool_choice must be one of none, auto, required, or {\"type\":\"function\",\"name\":...}");
            };
        } else if (node.isObject()) {
            String type = requiredString(node, "type", "tool_choice.type");
            if (!type.equals("function")) {
                throw new InvalidRequestException("tool_choice.type", "tool_choice.type '" + type
                        + "' is not supported by the gateway: only function tools are");
            }
            choice = ToolChoice.tool(requiredString(node, "name", "tool_choice.name"));
        } else {
            throw new InvalidRequestException("tool_choice",
                    "tool_choice must be a string (none, auto, required) or an object naming a function");
        }
        if (choice.mode() == ToolChoice.Mode.TOOL
                && tools.stream().noneMatch(t -> t.name().equals(choice.toolName()))) {
            throw new InvalidRequestException("tool_choice.name",
                    "tool_choice.name '" + choice.toolName() + "' is not one of the tools");
        }
        if (tools.isEmpty() && choice.mode() == ToolChoice.Mode.REQUIRED) {
            throw new InvalidRequestException("tool_choice", "tool_choice 'required' needs at least one tool");
        }
        // without tools, auto and none mean the same: chat upstreams reject a tool_choice without tools
        return tools.isEmpty() ? null : choice;
    }

    // ---- reasoning and output format

    private static String reasoningEffort(JsonNode reasoning) {
        if (absent(reasoning)) {
            return null;
        }
        if (!reasoning.isObject()) {
            throw new InvalidRequestException("reasoning", "reasoning must be an object");
        }
        return optionalString(reasoning, "effort", "reasoning.effort");
    }

    private static JsonNode textFormat(ObjectNode body) {
        JsonNode text = body.get("text");
        if (absent(text)) {
            return null;
        }
        if (!text.isObject()) {
            throw new InvalidRequestException("text", "text must be an object");
        }
        JsonNode format = text.get("format");
        if (absent(format)) {
            return null;
        }
        if (!format.isObject()) {
            throw new InvalidRequestException("text.format", "text.format must be an object");
        }
        String type = requiredString(format, "type", "text.format.type");
        switch (type) {
            case "text", "json_object" -> {
            }
            case "json_schema" -> {
                requiredString(format, "name", "text.format.name");
                JsonNode schema = format.get("schema");
                if (absent(schema) || !schema.isObject()) {
                    throw new InvalidRequestException("text.format.schema", "text.format.schema must be an object");
                }
                optionalString(format, "description", "text.format.description");
                bool(format, "strict", "text.format.strict");
            }
            default -> throw new InvalidRequestException("text.format.type",
                    "text.format.type must be one of text, json_object, json_schema");
        }
        return format;
    }

    /** {@code text.format} in Chat Completions' {@code response_format} shape, the one the canonical model carries. */
    private static JsonNode responseFormat(JsonNode format) {
        if (format == null) {
            return null;
        }
        String type = format.get("type").textValue();
        return switch (type) {
            case "json_object" -> NODES.objectNode().put("type", "json_object");
            case "json_schema" -> {
                ObjectNode rf = NODES.objectNode().put("type", "json_schema");
                ObjectNode schema = rf.putObject("json_schema");
                schema.set("name", format.get("name"));
                if (!absent(format.get("description"))) {
                    schema.set("description", format.get("description"));
                }
                schema.set("schema", format.get("schema"));
                if (!absent(format.get("strict"))) {
                    schema.set("strict", format.get("strict"));
                }
                yield rf;
            }
            default -> null;
        };
    }
}
