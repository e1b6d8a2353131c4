package dev.heimdall.providers.tokens;

import com.fasterxml.jackson.databind.JsonNode;
import dev.heimdall.providers.canonical.ChatRequest;
import dev.heimdall.providers.canonical.ContentPart;
import dev.heimdall.providers.canonical.Message;
import dev.heimdall.providers.canonical.ToolCall;
import dev.heimdall.providers.canonical.ToolDefinition;

/**
 * Estimates a prompt's size in tokens without a tokenizer: about four characters of English text per token, a few
 * tokens of framing per message, a fixed cost per image. Good enough for admission (budget reservations,
 * long-context routing) and for answering {@code count_tokens} when the upstream cannot; never used for billing,
 * which always takes the provider's reported usage.
 */
public final class TokenEstimator {

    private static final int PER_MESSAGE = 4;
    private static final int PER_IMAGE = 85;
    private static final int PRIMING = 3;

    private TokenEstimator() {
    }

    public static long estimatePrompt(ChatRequest request) {
        long tokens = PRIMING;
        for (Message message : request.messages()) {
            tokens += PER_MESSAGE;
            for (ContentPart part : message.content()) {
                if (part instanceof ContentPart.Text text) {
                    tokens += ofText(text.text());
                } else {
                    tokens += PER_IMAGE;
                }
            }
            for (ToolCall call : message.toolCalls()) {
                tokens += ofText(call.name()) + ofText(call.arguments());
            }
        }
        for (ToolDefinition tool : request.tools()) {
            tokens += ofText(tool.name()) + ofText(tool.description());
            JsonNode parameters = tool.parameters();
            if (parameters != null) {
                tokens += ofText(parameters.toString());
            }
        }
        return tokens;
    }

    public static long ofText(String text) {
        return text == null || text.isEmpty() ? 0 : (text.length() + 3) / 4;
    }
}
