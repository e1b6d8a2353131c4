package dev.heimdall.providers.gemini;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.heimdall.providers.canonical.ChatResponse;
import dev.heimdall.providers.canonical.FinishReason;
import dev.heimdall.providers.canonical.ToolCall;
import dev.heimdall.providers.canonical.Usage;

/**
 * Renders a canonical response as Gemini's {@code GenerateContentResponse}, the inverse of {@link GeminiCodec#decode}.
 * Function calls carry the canonical call id as {@code functionCall.id} (the API's optional field), so a client that
 * echoes it in its {@code functionResponse} is paired exactly.
 */
public final class GeminiResponseRenderer {

    private GeminiResponseRenderer() {
    }

    public static ObjectNode render(ChatResponse chat) {
        ObjectNode root = GeminiCodec.MAPPER.createObjectNode();
        ArrayNode candidates = root.putArray("candidates");
        if (!chat.choices().isEmpty()) {
            ChatResponse.Choice choice = chat.choices().get(0);
            candidate(candidates.addObject(), choice.message().text(), choice.message().toolCalls(),
                    choice.finishReason());
        }
        envelope(root, chat.usage(), chat.model(), chat.id());
        return root;
    }

    /** One candidate: text first, then function calls, as Gemini orders them; never an empty parts list. */
    static void candidate(ObjectNode candidate, String text, Iterable<ToolCall> calls, FinishReason reason) {
        ObjectNode content = candidate.putObject("content");
        ArrayNode parts = content.putArray("parts");
        if (text != null && !text.isEmpty()) {
            parts.addObject().put("text", text);
        }
        for (ToolCall call : calls) {
            ObjectNode f = GeminiCodec.functionCall(call);
            if (call.id() != null) {
                f.put("id", call.id());
            }
            parts.addObject().set("functionCall", f);
        }
        if (parts.isEmpty()) {
            parts.addObject().put("text", "");
        }
        content.put("role", "model");
        if (reason != null) {
            candidate.put("finishReason", GeminiCodec.finishReasonName(reason));
        }
        candidate.put("index", 0);
    }

    static void envelope(ObjectNode root, Usage usage, String model, String id) {
        if (usage != null) {
            root.set("usageMetadata", GeminiCodec.usageMetadata(usage));
        }
        if (model != null) {
            root.put("modelVersion", model);
        }
        if (id != null) {
            root.put("responseId", id);
        }
    }
}
