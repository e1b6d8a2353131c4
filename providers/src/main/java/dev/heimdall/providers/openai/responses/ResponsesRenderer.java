package dev.heimdall.providers.openai.responses;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.heimdall.providers.canonical.ChatRequest;
import dev.heimdall.providers.canonical.ChatResponse;
import dev.heimdall.providers.canonical.FinishReason;
import dev.heimdall.providers.canonical.Message;
import dev.heimdall.providers.canonical.ToolCall;
import dev.heimdall.providers.canonical.Usage;
import dev.heimdall.providers.spi.ProviderError;

import java.util.Map;

/**
 * Renders the Responses API {@code response} object: for a whole chat response, and (through
 * {@link ResponsesEventWriter}) the snapshots a stream carries. The object echoes the request's settings the way
 * OpenAI does, and always says {@code store: false}: the gateway stores nothing.
 */
public final class ResponsesRenderer {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private ResponsesRenderer() {
    }

    /**
     * @param responseId the id the client sees ({@code resp_...}); output item ids are derived from it
     * @param model      the model name to show the client
     * @param createdAt  Unix seconds
     */
    public static ObjectNode render(ChatResponse chat, ResponsesRequest request, String responseId, String model,
                                    long createdAt) {
        ArrayNode output = NODES.arrayNode();
        FinishReason reason = null;
        if (!chat.choices().isEmpty()) {
            ChatResponse.Choice choice = chat.choices().get(0);
            reason = choice.finishReason();
            Message message = choice.message();
            String text = message.text();
            if (!text.isEmpty() || message.toolCalls().isEmpty()) {
                output.add(messageItem(itemId("msg_", responseId, output.size()), "completed", text));
            }
            for (ToolCall call : message.toolCalls()) {
                output.add(functionCallItem(itemId("fc_", responseId, output.size()), "completed", call.id(),
                        call.name(), call.arguments()));
            }
        }
        return response(request, responseId, model, createdAt, status(reason), reason, output, chat.usage(), null);
    }

    /** {@code completed}, or {@code incomplete} when the output was cut by a limit or a filter. */
    static String status(FinishReason reason) {
        return reason == FinishReason.LENGTH || reason == FinishReason.CONTENT_FILTER ? "incomplete" : "completed";
    }

    static ObjectNode response(ResponsesRequest request, String id, String model, long createdAt, String status,
                               FinishReason reason, ArrayNode output, Usage usage, ProviderError error) {
        ChatRequest chat = request.chat();
        ObjectNode r = NODES.objectNode();
        r.put("id", id);
        r.put("object", "response");
        r.put("created_at", createdAt);
        r.put("status", status);
        r.put("background", false);
        if (error == null) {
            r.putNull("error");
        } else {
            r.putObject("error").put("code", errorCode(error)).put("message", error.message());
        }
        if (status.equals("incomplete")) {
            r.putObject("incomplete_details").put("reason",
                    reason == FinishReason.CONTENT_FILTER ? "content_filter" : "max_output_tokens");
        } else {
            r.putNull("incomplete_details");
        }
        r.put("instructions", request.instructions());
        if (chat.maxTokens() == null) {
            r.putNull("max_output_tokens");
        } else {
            r.put("max_output_tokens", chat.maxTokens().intValue());
        }
        r.put("model", model);
        r.set("output", output);
        r.put("parallel_tool_calls", chat.parallelToolCalls() == null || chat.parallelToolCalls());
        r.putNull("previous_response_id");
        ObjectNode reasoning = r.putObject("reasoning");
        reasoning.put("effort", chat.reasoningEffort());
        JsonNode summary = request.reasoning() == null ? null : request.reasoning().get("summary");
        reasoning.set("summary", summary == null ? NODES.nullNode() : summary);
        r.put("store", false);
        putNumber(r, "temperature", chat.temperature());
        ObjectNode text = r.putObject("text");
        text.set("format", request.textFormat() != null ? request.textFormat()
                : NODES.objectNode().put("type", "text"));
        r.set("tool_choice", request.toolChoice() != null ? request.toolChoice() : NODES.textNode("auto"));
        r.set("tools", request.tools());
        putNumber(r, "top_p", chat.topP());
        r.put("truncation", "disabled");
        if (usage == null) {
            r.putNull("usage");
        } else {
            r.set("usage", usage(usage));
        }
        r.put("user", chat.user());
        ObjectNode metadata = r.putObject("metadata");
        for (Map.Entry<String, String> e : chat.metadata().entrySet()) {
            metadata.put(e.getKey(), e.getValue());
        }
        return r;
    }

    private static void putNumber(ObjectNode node, String field, Double value) {
        if (value == null) {
            node.putNull(field);
        } else {
            node.put(field, value);
        }
    }

    /** The Responses API {@code usage} object. */
    public static ObjectNode usage(Usage usage) {
        ObjectNode u = NODES.objectNode();
        u.put("input_tokens", usage.promptTokens());
        u.putObject("input_tokens_details").put("cached_tokens", usage.cachedPromptTokens());
        u.put("output_tokens", usage.completionTokens());
        u.putObject("output_tokens_details").put("reasoning_tokens", usage.reasoningTokens());
        u.put("total_tokens", usage.totalTokens());
        return u;
    }

    /** An output item id: the item kind's prefix, the response id's unique part, and the item's output index. */
    static String itemId(String prefix, String responseId, int outputIndex) {
        String base = responseId.startsWith("resp_") ? responseId.substring(5) : responseId;
        return prefix + base + "_" + outputIndex;
    }

    static ObjectNode messageItem(String id, String status, String text) {
        ObjectNode item = NODES.objectNode();
        item.put("id", id);
        item.put("type", "message");
        item.put("status", status);
        item.put("role", "assistant");
        ArrayNode content = item.putArray("content");
        if (text != null) {
            content.add(outputText(text));
        }
        return item;
    }

    static ObjectNode outputText(String text) {
        ObjectNode part = NODES.objectNode();
        part.put("type", "output_text");
        part.put("text", text);
        part.putArray("annotations");
        part.putArray("logprobs");
        return part;
    }

    static ObjectNode functionCallItem(String id, String status, String callId, String name, String arguments) {
        ObjectNode item = NODES.objectNode();
        item.put("id", id);
        item.put("type", "function_call");
        item.put("status", status);
        item.put("call_id", callId);
        item.put("name", name);
        item.put("arguments", arguments);
        return item;
    }

    /**
     * The {@code code} of a failed response's {@code error}. The Responses API has a closed set of codes (SDKs read it
     * as an enum), so a gateway failure maps to the nearest: {@code rate_limit_exceeded}, {@code invalid_prompt} for
     * a request the provider refused, {@code server_error} for everything else; the message says what happened.
     */
    static String errorCode(ProviderError error) {
        if (error instanceof ProviderError.RateLimited) {
            return "rate_limit_exceeded";
        }
        if (error instanceof ProviderError.BadRequest || error instanceof ProviderError.ContextTooLong) {
            return "invalid_prompt";
        }
        return "server_error";
    }
}
