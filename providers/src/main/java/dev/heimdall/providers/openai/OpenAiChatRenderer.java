package dev.heimdall.providers.openai;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.heimdall.providers.canonical.ChatResponse;
import dev.heimdall.providers.canonical.FinishReason;
import dev.heimdall.providers.canonical.Message;
import dev.heimdall.providers.canonical.ToolCall;
import dev.heimdall.providers.canonical.Usage;

/** Renders a canonical {@link ChatResponse} as the {@code chat.completion} object OpenAI returns. */
public final class OpenAiChatRenderer {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private OpenAiChatRenderer() {
    }

    /**
     * @param modelName the model name to show the client (usually the one it asked for, or the upstream model)
     */
    public static ObjectNode render(ChatResponse response, String modelName) {
        ObjectNode root = NODES.objectNode();
        root.put("id", response.id());
        root.put("object", "chat.completion");
        root.put("created", response.created());
        root.put("model", modelName);
        ArrayNode choices = root.putArray("choices");
        for (ChatResponse.Choice choice : response.choices()) {
            ObjectNode c = choices.addObject();
            c.put("index", choice.index());
            c.set("message", message(choice.message()));
            c.putNull("logprobs");
            FinishReason reason = choice.finishReason();
            if (reason == null) {
                c.putNull("finish_reason");
            } else {
                c.put("finish_reason", reason.openAiName());
            }
        }
        if (response.usage() != null) {
            root.set("usage", usage(response.usage()));
        }
        return root;
    }

    private static ObjectNode message(Message message) {
        ObjectNode m = NODES.objectNode();
        m.put("role", "assistant");
        String text = message.text();
        if (text.isEmpty() && !message.toolCalls().isEmpty()) {
            m.putNull("content");
        } else {
            m.put("content", text);
        }
        m.putNull("refusal");
        if (!message.toolCalls().isEmpty()) {
            ArrayNode calls = m.putArray("tool_calls");
            for (ToolCall call : message.toolCalls()) {
                ObjectNode c = calls.addObject();
                c.put("id", call.id());
                c.put("type", "function");
                ObjectNode f = c.putObject("function");
                f.put("name", call.name());
                f.put("arguments", call.arguments());
            }
        }
        return m;
    }

    /** OpenAI's {@code usage} object, with the cached and reasoning token details. */
    public static ObjectNode usage(Usage usage) {
        ObjectNode u = NODES.objectNode();
        u.put("prompt_tokens", usage.promptTokens());
        u.put("completion_tokens", usage.completionTokens());
        u.put("total_tokens", usage.totalTokens());
        u.putObject("prompt_tokens_details").put("cached_tokens", usage.cachedPromptTokens());
        u.putObject("completion_tokens_details").put("reasoning_tokens", usage.reasoningTokens());
        return u;
    }
}
