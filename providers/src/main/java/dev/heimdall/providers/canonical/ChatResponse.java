package dev.heimdall.providers.canonical;

import java.util.List;

/** A complete (non-streamed) chat response. {@code usage} may be null when the provider reported none. */
public record ChatResponse(String id, String model, long created, List<Choice> choices, Usage usage) {

    public ChatResponse {
        choices = List.copyOf(choices);
    }

    public record Choice(int index, Message message, FinishReason finishReason) {
    }
}
