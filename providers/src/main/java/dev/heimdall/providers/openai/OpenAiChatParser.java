package dev.heimdall.providers.openai;

import static dev.heimdall.providers.openai.OpenAiFields.absent;
import static dev.heimdall.providers.openai.OpenAiFields.bool;
import static dev.heimdall.providers.openai.OpenAiFields.integer;
import static dev.heimdall.providers.openai.OpenAiFields.metadata;
import static dev.heimdall.providers.openai.OpenAiFields.number;
import static dev.heimdall.providers.openai.OpenAiFields.optionalString;
import static dev.heimdall.providers.openai.OpenAiFields.positiveInt;
import static dev.heimdall.providers.openai.OpenAiFields.requiredString;

import com.fasterxml.jackson.databind.JsonNode;
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
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Parses an OpenAI Chat Completions request body into the canonical model, validating it as strictly as OpenAI's API
 * does: a wrong type or a missing field fails with {@link InvalidRequestException} naming the parameter. An explicit
 * JSON {@code null} counts as absent for optional parameters, as it does at OpenAI. Parameters the canonical model
 * does not carry ({@code n}, {@code logprobs}, {@code store} ...) are not validated; they reach OpenAI-format upstreams
 * unchanged through {@link ChatRequest#openAiBody()}.
 */
public final class OpenAiChatParser {

    private static final String ROLES = "system, developer, user, assistant, tool";
    private static final Pattern FUNCTION_NAME = Pattern.compile("[a-zA-Z0-9_-]{1,64}");

    private OpenAiChatParser() {
    }

    public static ChatRequest parse(ObjectNode body) {
        if (body == null) {
            throw new InvalidRequestException(null, "request body must be a JSON object");
        }
        String model = requiredString(body, "model", "model");
        List<Message> messages = messages(body);
        List<ToolDefinition> tools = tools(body);
        ToolChoice toolChoice = toolChoice(body, tools);
        Double temperature = number(body, "temperature", 0, 2);
        Double topP = number(body, "top_p", 0, 1);
        Integer maxTokens = positiveInt(body, "max_completion_tokens");
        if (maxTokens == null) {
            maxTokens = positiveInt(body, "max_tokens");
        }
        List<String> stop = stop(body);
        boolean stream = Boolean.TRUE.equals(bool(body, "stream", "stream"));
        boolean includeUsage = includeUsage(body, stream);
        Double presencePenalty = number(body, "presence_penalty", -2, 2);
        Double frequencyPenalty = number(body, "frequency_penalty", -2, 2);
        Long seed = integer(body, "seed");
        String user = optionalString(body, "user", "user");
        Boolean parallelToolCalls = bool(body, "parallel_tool_calls", "parallel_tool_calls");
        JsonNode responseFormat = responseFormat(body);
        String reasoningEffort = optionalString(body, "reasoning_effort", "reasoning_effort");
        Map<String, String> metadata = metadata(body);
        return new ChatRequest(model, messages, tools, toolChoice, temperature, topP, maxTokens, stop, stream,
                includeUsage, presencePenalty, frequencyPenalty, seed, user, parallelToolCalls, responseFormat,
                reasoningEffort, metadata, body);
    }

    private static List<Message> messages(ObjectNode body) {
        JsonNode node = body.get("messages");
        if (absent(node)) {
            throw new InvalidRequestException("messages", "messages is required");
        }
        if (!node.isArray()) {
            throw new InvalidRequestException("messages", "messages must be an array");
        }
        if (node.isEmpty()) {
            throw new InvalidRequestException("messages", "messages must contain at least one message");
        }
        List<Message> messages = new ArrayList<>(node.size());
        for (int i = 0; i < node.size(); i++) {
            messages.add(message(node.get(i), "messages[" + i + "]"));
        }
        return messages;
    }

    private static Message message(JsonNode node, String path) {
        if (!node.isObject()) {
            throw new InvalidRequestException(path, path + " must be an object");
        }
        JsonNode roleNode = node.get("role");
        if (absent(roleNode)) {
            throw new InvalidRequestException(path + ".role", path + ".role is required");
        }
        String roleName = roleNode.isTextual() ? roleNode.textValue() : null;
        if ("function".equals(roleName)) {
            throw new InvalidRequestException(path + ".role",
                    path + ".role 'function' is deprecated and not supported; use 'tool' with tool_call_id");
        }
        Role role = roleName == null ? null : switch (roleName) {
            case "system", "developer" -> Role.SYSTEM;
            case "user" -> Role.USER;
            case "assistant" -> Role.ASSISTANT;
            case "tool" -> Role.TOOL;
            default -> null;
        };
        if (role == null) {
            throw new InvalidRequestException(path + ".role", path + ".role must be one of " + ROLES);
        }
        String name = optionalString(node, "name", path + ".name");
        List<ToolCall> toolCalls = role == Role.ASSISTANT ? toolCalls(node, path) : List.of();
        boolean contentRequired = role != Role.ASSISTANT || toolCalls.isEmpty();
        List<ContentPart> content = content(node.get("content"), path + ".content", role, contentRequired);
        String toolCallId = null;
        if (role == Role.TOOL) {
            toolCallId = requiredString(node, "tool_call_id", path + ".tool_call_id");
        }
        return new Message(role, content, name, toolCalls, toolCallId);
    }

    private static List<ContentPart> content(JsonNode node, String path, Role role, boolean required) {
        if (absent(node)) {
            if (required) {
                throw new InvalidRequestException(path, path + " is required");
            }
            return List.of();
        }
        if (node.isTextual()) {
            return List.of(new ContentPart.Text(node.textValue()));
        }
        if (!node.isArray()) {
            throw new InvalidRequestException(path, path + " must be a string or an array of content parts");
        }
        List<ContentPart> parts = new ArrayList<>(node.size());
        for (int j = 0; j < node.size(); j++) {
            parts.add(part(node.get(j), path + "[" + j + "]", role));
        }
        return parts;
    }

    private static ContentPart part(JsonNode node, String path, Role role) {
        if (!node.isObject()) {
            throw new InvalidRequestException(path, path + " must be an object");
        }
        String type = requiredString(node, "type", path + ".type");
        switch (type) {
            case "text":
                return new ContentPart.Text(requiredString(node, "text", path + ".text"));
            case "refusal":
                if (role != Role.ASSISTANT) {
                    break;
                }
                return new ContentPart.Text(requiredString(node, "refusal", path + ".refusal"));
            case "image_url":
                if (role != Role.USER) {
                    break;
                }
                JsonNode image = node.get("image_url");
                if (absent(image)) {
                    throw new InvalidRequestException(path + ".image_url", path + ".image_url is required");
                }
                if (!image.isObject()) {
                    throw new InvalidRequestException(path + ".image_url", path + ".image_url must be an object");
                }
                String url = requiredString(image, "url", path + ".image_url.url");
                String detail = optionalString(image, "detail", path + ".image_url.detail");
                if (detail != null && !detail.equals("auto") && !detail.equals("low") && !detail.equals("high")) {
                    throw new InvalidRequestException(path + ".image_url.detail",
                            path + ".image_url.detail must be one of auto, low, high");
                }
                return ContentPart.Image.fromUrl(url, detail);
            default:
                throw new InvalidRequestException(path + ".type",
                        path + ".type '" + type + "' is not supported; supported: " + supportedParts(role));
        }
        throw new InvalidRequestException(path + ".type",
                path + ".type '" + type + "' is not allowed in a " + roleName(role) + " message; supported: "
                        + supportedParts(role));
    }

    private static String supportedParts(Role role) {
        return switch (role) {
            case USER -> "text, image_url";
            case ASSISTANT -> "text, refusal";
            default -> "text";
        };
    }

    private static String roleName(Role role) {
        return role.name().toLowerCase(java.util.Locale.ROOT);
    }

    private static List<ToolCall> toolCalls(JsonNode message, String path) {
        JsonNode node = message.get("tool_calls");
        if (absent(node)) {
            return List.of();
        }
        String p = path + ".tool_calls";
        if (!node.isArray()) {
            throw new InvalidRequestException(p, p + " must be an array");
        }
        List<ToolCall> calls = new ArrayList<>(node.size());
        for (int k = 0; k < node.size(); k++) {
            String cp = p + "[" + k + "]";
            JsonNode call = node.get(k);
            if (!call.isObject()) {
                throw new InvalidRequestException(cp, cp + " must be an object");
            }
            String id = requiredString(call, "id", cp + ".id");
            String type = requiredString(call, "type", cp + ".type");
            if (!type.equals("function")) {
                throw new InvalidRequestException(cp + ".type", cp + ".type must be 'function'");
            }
            JsonNode function = call.get("function");
            if (absent(function)) {
                throw new InvalidRequestException(cp + ".function", cp + ".function is required");
            }
            if (!function.isObject()) {
                throw new InvalidRequestException(cp + ".function", cp + ".function must be an object");
            }
            String name = requiredString(function, "name", cp + ".function.name");
            String arguments = requiredString(function, "arguments", cp + ".function.arguments");
            calls.add(new ToolCall(id, name, arguments));
        }
        return calls;
    }

    private static List<ToolDefinition> tools(ObjectNode body) {
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
                throw new InvalidRequestException(p + ".type", p + ".type must be 'function'");
            }
            JsonNode function = tool.get("function");
            if (absent(function)) {
                throw new InvalidRequestException(p + ".function", p + ".function is required");
            }
            if (!function.isObject()) {
                throw new InvalidRequestException(p + ".function", p + ".function must be an object");
            }
            String name = requiredString(function, "name", p + ".function.name");
            if (!FUNCTION_NAME.matcher(name).matches()) {
                throw new InvalidRequestException(p + ".function.name", p + ".function.name must match "
                        + "^[a-zA-Z0-9_-]{1,64}$");
            }
            String description = optionalString(function, "description", p + ".function.description");
            JsonNode parameters = function.get("parameters");
            if (absent(parameters)) {
                parameters = null;
            } else if (!parameters.isObject()) {
                throw new InvalidRequestException(p + ".function.parameters",
                        p + ".function.parameters must be an object (a JSON schema)");
            }
            tools.add(new ToolDefinition(name, description, parameters));
        }
        return tools;
    }

    private static ToolChoice toolChoice(ObjectNode body, List<ToolDefinition> tools) {
        JsonNode node = body.get("tool_choice");
        if (absent(node)) {
            return null;
        }
        ToolChoice choice;
        if (node.isTextual()) {
            choice = switch (node.textValue()) {
                case "auto" -> ToolChoice.AUTO;
                case "none" -> ToolChoice.NONE;
                case "required" -> ToolChoice.REQUIRED;
                default -> throw new InvalidRequestException("tool_choice",
                        "tool_choice must be one of none, auto, required, or an object naming a function");
            };
        } else if (node.isObject()) {
            String type = requiredString(node, "type", "tool_choice.type");
            if (!type.equals("function")) {
                throw new InvalidRequestException("tool_choice.type", "tool_choice.type must be 'function'");
            }
            JsonNode function = node.get("function");
            if (absent(function) || !function.isObject()) {
                throw new InvalidRequestException("tool_choice.function",
                        "tool_choice.function must be an object with a name");
            }
            choice = ToolChoice.tool(requiredString(function, "name", "tool_choice.function.name"));
        } else {
            throw new InvalidRequestException("tool_choice",
                    "tool_choice must be a string (none, auto, required) or an object naming a function");
        }
        if (tools.isEmpty() && choice.mode() != ToolChoice.Mode.NONE) {
            throw new InvalidRequestException("tool_choice", "tool_choice is only allowed when tools are specified");
        }
        if (choice.mode() == ToolChoice.Mode.TOOL
                && tools.stream().noneMatch(t -> t.name().equals(choice.toolName()))) {
            throw new InvalidRequestException("tool_choice.function.name",
                    "tool_choice.function.name '" + choice.toolName() + "' is not one of the tools");
        }
        return choice;
    }

    private static List<String> stop(ObjectNode body) {
        JsonNode node = body.get("stop");
        if (absent(node)) {
            return List.of();
        }
        if (node.isTextual()) {
            return List.of(node.textValue());
        }
        if (!node.isArray()) {
            throw new InvalidRequestException("stop", "stop must be a string or an array of strings");
        }
        List<String> stop = new ArrayList<>(node.size());
        for (int i = 0; i < node.size(); i++) {
            JsonNode s = node.get(i);
            if (!s.isTextual()) {
                throw new InvalidRequestException("stop[" + i + "]", "stop[" + i + "] must be a string");
            }
            stop.add(s.textValue());
        }
        return stop;
    }

    private static boolean includeUsage(ObjectNode body, boolean stream) {
        JsonNode options = body.get("stream_options");
        if (absent(options)) {
            return false;
        }
        if (!options.isObject()) {
            throw new InvalidRequestException("stream_options", "stream_options must be an object");
        }
        if (!stream) {
            throw new InvalidRequestException("stream_options",
                    "stream_options is only allowed when stream is true");
        }
        return Boolean.TRUE.equals(bool(options, "include_usage", "stream_options.include_usage"));
    }

    private static JsonNode responseFormat(ObjectNode body) {
        JsonNode node = body.get("response_format");
        if (absent(node)) {
            return null;
        }
        if (!node.isObject()) {
            throw new InvalidRequestException("response_format", "response_format must be an object");
        }
        String type = requiredString(node, "type", "response_format.type");
        switch (type) {
            case "text", "json_object" -> {
            }
            case "json_schema" -> {
                JsonNode schema = node.get("json_schema");
                if (absent(schema) || !schema.isObject()) {
                    throw new InvalidRequestException("response_format.json_schema",
                            "response_format.json_schema must be an object");
                }
                requiredString(schema, "name", "response_format.json_schema.name");
            }
            default -> throw new InvalidRequestException("response_format.type",
                    "response_format.type must be one of text, json_object, json_schema");
        }
        return node;
    }
}
