package dev.heimdall.providers.anthropic;

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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parses an Anthropic Messages API request body (what Claude Code and the Anthropic SDKs send) into the canonical
 * model, validating it the way the Messages API does. Blocks the canonical model cannot carry (thinking, documents,
 * server tools, cache_control) are dropped here; they survive only on the pass-through path to an Anthropic
 * upstream, which sends the original body ({@link AnthropicPassThrough}).
 */
public final class AnthropicMessagesParser {

    private AnthropicMessagesParser() {
    }

    public static ChatRequest parse(ObjectNode body) {
        String model = requiredString(body, "model");
        JsonNode maxTokens = body.get("max_tokens");
        if (maxTokens == null || maxTokens.isNull()) {
            throw new InvalidRequestException("max_tokens", "max_tokens: Field required");
        }
        // like the API's own validation, a float with no fractional part (1024.0, 1.024e3) is an integer
        if (!maxTokens.isNumber() || maxTokens.asDouble() != Math.rint(maxTokens.asDouble()) || maxTokens.asDouble() < 1
                || maxTokens.asDouble() > Integer.MAX_VALUE) {
            throw new InvalidRequestException("max_tokens", "max_tokens: Input should be a positive integer");
        }
        JsonNode messagesNode = body.get("messages");
        if (messagesNode == null || messagesNode.isNull()) {
            throw new InvalidRequestException("messages", "messages: Field required");
        }
        if (!messagesNode.isArray()) {
            throw new InvalidRequestException("messages", "messages: Input should be a valid list");
        }
        if (messagesNode.isEmpty()) {
            throw new InvalidRequestException("messages", "messages: at least one message is required");
        }
        List<Message> messages = new ArrayList<>();
        system(body.get("system"), messages);
        for (int i = 0; i < messagesNode.size(); i++) {
            message(messagesNode.get(i), "messages." + i, messages);
        }
        List<ToolDefinition> tools = tools(body.get("tools"));
        ToolChoice toolChoice = null;
        Boolean parallelToolCalls = null;
        JsonNode choice = body.get("tool_choice");
        if (choice != null && !choice.isNull()) {
            if (!choice.isObject()) {
                throw new InvalidRequestException("tool_choice", "tool_choice: Input should be an object");
            }
            String type = choice.path("type").asText("");
            toolChoice = switch (type) {
                case "auto" -> ToolChoice.AUTO;
                case "any" -> ToolChoice.REQUIRED;
                case "none" -> ToolChoice.NONE;
                case "tool" -> {
                    String name = choice.path("name").asText("");
                    if (name.isEmpty()) {
                        throw new InvalidRequestException("tool_choice.name", "tool_choice.name: Field required");
                    }
                    yield ToolChoice.tool(name);
                }
                default -> throw new InvalidRequestException("tool_choice.type",
                        "tool_choice.type: Input should be 'auto', 'any', 'tool' or 'none'");
            };
            if (choice.path("disable_parallel_tool_use").asBoolean(false)) {
                parallelToolCalls = false;
            }
        }
        List<String> stop = new ArrayList<>();
        JsonNode stopNode = body.get("stop_sequences");
        if (stopNode != null && !stopNode.isNull()) {
            if (!stopNode.isArray()) {
                throw new InvalidRequestException("stop_sequences", "stop_sequences: Input should be a valid list");
            }
            stopNode.forEach(s -> stop.add(s.asText()));
        }
        Map<String, String> metadata = new LinkedHashMap<>();
        String user = null;
        JsonNode meta = body.get("metadata");
        if (meta != null && meta.isObject() && meta.path("user_id").isTextual()) {
            user = meta.path("user_id").asText();
        }
        JsonNode stream = body.get("stream");
        if (stream != null && !stream.isNull() && !stream.isBoolean()) {
            throw new InvalidRequestException("stream", "stream: Input should be a valid boolean");
        }
        boolean streaming = stream != null && stream.asBoolean(false);
        return new ChatRequest(model, messages, tools, toolChoice, number(body, "temperature"), number(body, "top_p"),
                (int) maxTokens.asDouble(), stop, streaming, streaming, null, null, null, user, parallelToolCalls, null,
                null, metadata, null);
    }

    private static void system(JsonNode system, List<Message> messages) {
        if (system == null || system.isNull()) {
            return;
        }
        if (system.isTextual()) {
            messages.add(Message.text(Role.SYSTEM, system.asText()));
        } else if (system.isArray()) {
            StringBuilder text = new StringBuilder();
            for (int i = 0; i < system.size(); i++) {
                JsonNode block = system.get(i);
                if (!"text".equals(block.path("type").asText())) {
                    throw new InvalidRequestException("system." + i + ".type", "system." + i + ".type: Input should be 'text'");
                }
                if (text.length() > 0) {
                    text.append("\n\n");
                }
                text.append(block.path("text").asText());
            }
            messages.add(Message.text(Role.SYSTEM, text.toString()));
        } else {
            throw new InvalidRequestException("system", "system: Input should be a valid string or list of text blocks");
        }
    }

    private static void message(JsonNode node, String path, List<Message> out) {
        if (!node.isObject()) {
            throw new InvalidRequestException(path, path + ": Input should be an object");
        }
        String role = node.path("role").asText("");
        if (!role.equals("user") && !role.equals("assistant")) {
            throw new InvalidRequestException(path + ".role", path + ".role: Input should be 'user' or 'assistant'");
        }
        JsonNode content = node.get("content");
        if (content == null || content.isNull()) {
            throw new InvalidRequestException(path + ".content", path + ".content: Field required");
        }
        Role canonicalRole = role.equals("user") ? Role.USER : Role.ASSISTANT;
        if (content.isTextual()) {
            out.add(Message.text(canonicalRole, content.asText()));
            return;
        }
        if (!content.isArray()) {
            throw new InvalidRequestException(path + ".content", path + ".content: Input should be a valid string or list");
        }
        List<ContentPart> parts = new ArrayList<>();
        List<ToolCall> calls = new ArrayList<>();
        for (int i = 0; i < content.size(); i++) {
            JsonNode block = content.get(i);
            String blockPath = path + ".content." + i;
            String type = block.path("type").asText("");
            switch (type) {
                case "text" -> parts.add(new ContentPart.Text(block.path("text").asText()));
                case "image" -> parts.add(image(block.path("source"), blockPath + ".source"));
                case "tool_use" -> {
                    if (canonicalRole != Role.ASSISTANT) {
                        throw new InvalidRequestException(blockPath, blockPath + ": tool_use blocks belong to assistant turns");
                    }
                    JsonNode input = block.get("input");
                    calls.add(new ToolCall(block.path("id").asText(), block.path("name").asText(),
                            input == null || input.isNull() ? "{}" : input.toString()));
                }
                case "tool_result" -> {
                    // a tool result ends the text gathered so far: keep the original order of the turn
                    flushUser(parts, out);
                    out.add(new Message(Role.TOOL, List.of(new ContentPart.Text(toolResultText(block.get("content")))),
                            null, List.of(), block.path("tool_use_id").asText()));
                }
                case "thinking", "redacted_thinking", "document", "search_result", "server_tool_use",
                        "web_search_tool_result", "container_upload" -> {
                    // not representable in other providers' formats; only the pass-through path keeps them
                }
                default -> throw new InvalidRequestException(blockPath + ".type",
                        blockPath + ".type: unknown content block type '" + type + "'");
            }
        }
        if (canonicalRole == Role.ASSISTANT) {
            out.add(new Message(Role.ASSISTANT, parts, null, calls, null));
        } else {
            flushUser(parts, out);
        }
    }

    private static void flushUser(List<ContentPart> parts, List<Message> out) {
        if (!parts.isEmpty()) {
            out.add(new Message(Role.USER, List.copyOf(parts), null, List.of(), null));
            parts.clear();
        }
    }

    private static ContentPart.Image image(JsonNode source, String path) {
        String type = source.path("type").asText("");
        return switch (type) {
            case "base64" -> new ContentPart.Image(null, source.path("media_type").asText("image/png"),
                    source.path("data").asText(), null);
            case "url" -> new ContentPart.Image(source.path("url").asText(), null, null, null);
            default -> throw new InvalidRequestException(path + ".type", path + ".type: Input should be 'base64' or 'url'");
        };
    }

    private static String toolResultText(JsonNode content) {
        if (content == null || content.isNull()) {
            return "";
        }
        if (content.isTextual()) {
            return content.asText();
        }
        StringBuilder text = new StringBuilder();
        for (JsonNode block : content) {
            if ("text".equals(block.path("type").asText())) {
                if (text.length() > 0) {
                    text.append('\n');
                }
                text.append(block.path("text").asText());
            }
        }
        return text.toString();
    }

    private static List<ToolDefinition> tools(JsonNode tools) {
        List<ToolDefinition> out = new ArrayList<>();
        if (tools == null || tools.isNull()) {
            return out;
        }
        if (!tools.isArray()) {
            throw new InvalidRequestException("tools", "tools: Input should be a valid list");
        }
        for (int i = 0; i < tools.size(); i++) {
            JsonNode tool = tools.get(i);
            String type = tool.path("type").asText("custom");
            if (!type.equals("custom")) {
                // server tools (web_search, bash, text_editor ...) run at Anthropic: only the pass-through path has them
                continue;
            }
            String name = tool.path("name").asText("");
            if (name.isEmpty()) {
                throw new InvalidRequestException("tools." + i + ".name", "tools." + i + ".name: Field required");
            }
            out.add(new ToolDefinition(name, tool.path("description").asText(null), tool.get("input_schema")));
        }
        return out;
    }

    private static String requiredString(ObjectNode body, String field) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            throw new InvalidRequestException(field, field + ": Field required");
        }
        if (!node.isTextual() || node.asText().isEmpty()) {
            throw new InvalidRequestException(field, field + ": Input should be a valid string");
        }
        return node.asText();
    }

    private static Double number(ObjectNode body, String field) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isNumber()) {
            throw new InvalidRequestException(field, field + ": Input should be a valid number");
        }
        return node.asDouble();
    }
}
