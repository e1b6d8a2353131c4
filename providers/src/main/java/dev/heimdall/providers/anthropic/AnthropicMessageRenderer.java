package dev.heimdall.providers.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.heimdall.providers.canonical.ChatResponse;
import dev.heimdall.providers.canonical.FinishReason;
import dev.heimdall.providers.canonical.ToolCall;
import dev.heimdall.providers.canonical.Usage;

/** Renders a canonical response as an Anthropic Messages API {@code message} object. */
public final class AnthropicMessageRenderer {

    private AnthropicMessageRenderer() {
    }

    public static ObjectNode render(ChatResponse response, String model) {
        ObjectNode root = AnthropicAdapter.MAPPER.createObjectNode();
        String id = response.id();
        root.put("id", id != null && id.startsWith("msg_") ? id : "msg_" + (id == null ? "heimdall" : id));
        root.put("type", "message");
        root.put("role", "assistant");
        root.put("model", model);
        ArrayNode content = root.putArray("content");
        FinishReason finish = null;
        if (!response.choices().isEmpty()) {
            ChatResponse.Choice choice = response.choices().get(0);
            finish = choice.finishReason();
            String text = choice.message().text();
            if (!text.isEmpty()) {
                content.addObject().put("type", "text").put("text", text);
            }
            for (ToolCall call : choice.message().toolCalls()) {
                ObjectNode block = content.addObject();
                block.put("type", "tool_use");
                block.put("id", toolUseId(call.id()));
                block.put("name", call.name());
                block.set("input", input(call.arguments()));
            }
        }
        root.put("stop_reason", stopReason(finish));
        root.putNull("stop_sequence");
        root.set("usage", usage(response.usage()));
        return root;
    }

    /** Anthropic's {@code stop_reason} for a canonical finish reason. */
    public static String stopReason(FinishReason finish) {
        if (finish == null) {
            return "end_turn";
        }
        return switch (finish) {
            case LENGTH -> "max_tokens";
            case TOOL_CALLS -> "tool_use";
            case CONTENT_FILTER -> "refusal";
            case STOP -> "end_turn";
        };
    }

    /** Anthropic's usage object: cache reads and writes apart from {@code input_tokens}. */
    public static ObjectNode usage(Usage usage) {
        ObjectNode node = AnthropicAdapter.MAPPER.createObjectNode();
        Usage u = usage == null ? Usage.ZERO : usage;
        node.put("input_tokens", Math.max(0, u.promptTokens() - u.cachedPromptTokens() - u.cacheCreationTokens()));
        node.put("cache_creation_input_tokens", u.cacheCreationTokens());
        node.put("cache_read_input_tokens", u.cachedPromptTokens());
        node.put("output_tokens", u.completionTokens());
        return node;
    }

    /** Tool ids from other providers (OpenAI's {@code call_...}) are kept; clients only echo them back. */
    static String toolUseId(String id) {
        return id == null || id.isEmpty() ? "toolu_heimdall" : id;
    }

    static JsonNode input(String arguments) {
        if (arguments == null || arguments.isBlank()) {
            return AnthropicAdapter.MAPPER.createObjectNode();
        }
        try {
            JsonNode parsed = AnthropicAdapter.MAPPER.readTree(arguments);
            return parsed != null && parsed.isObject() ? parsed : AnthropicAdapter.MAPPER.createObjectNode();
        } catch (java.io.IOException e) {
            return AnthropicAdapter.MAPPER.createObjectNode();
        }
    }
}
