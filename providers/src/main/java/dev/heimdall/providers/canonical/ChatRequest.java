package dev.heimdall.providers.canonical;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;
import java.util.Map;

/**
 * A chat request in the gateway's canonical form, parsed once at ingress.
 *
 * @param model            the name the client asked for (an alias or {@code provider/model}); the model actually
 *                         sent upstream is chosen by routing and given to the adapter separately
 * @param maxTokens        the output limit the client asked for, or null
 * @param stop             stop sequences; empty when none
 * @param includeUsage     OpenAI's {@code stream_options.include_usage}
 * @param responseFormat   OpenAI's {@code response_format}, passed to providers that take it
 * @param reasoningEffort  OpenAI's {@code reasoning_effort}, or null
 * @param metadata         request metadata (body {@code metadata} plus {@code x-heimdall-meta-*} headers)
 * @param openAiBody       the original body when the client spoke OpenAI's format, kept so that an OpenAI-format
 *                         upstream receives every field, even ones the canonical model does not know; null otherwise
 */
public record ChatRequest(
        String model,
        List<Message> messages,
        List<ToolDefinition> tools,
        ToolChoice toolChoice,
        Double temperature,
        Double topP,
        Integer maxTokens,
        List<String> stop,
        boolean stream,
        boolean includeUsage,
        Double presencePenalty,
        Double frequencyPenalty,
        Long seed,
        String user,
        Boolean parallelToolCalls,
        JsonNode responseFormat,
        String reasoningEffort,
        Map<String, String> metadata,
        ObjectNode openAiBody) {

    public ChatRequest {
        messages = List.copyOf(messages);
        tools = tools == null ? List.of() : List.copyOf(tools);
        stop = stop == null ? List.of() : List.copyOf(stop);
        metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
    }

    /** A minimal request; the rest defaulted. Handy for tests and internal calls. */
    public static ChatRequest of(String model, List<Message> messages) {
        return new ChatRequest(model, messages, List.of(), null, null, null, null, List.of(), false, false, null,
                null, null, null, null, null, null, Map.of(), null);
    }

    /** This request with other messages (redacted ones, say) and the original OpenAI body to match them, or null. */
    public ChatRequest withMessages(List<Message> messages, ObjectNode openAiBody) {
        return new ChatRequest(model, messages, tools, toolChoice, temperature, topP, maxTokens, stop, stream,
                includeUsage, presencePenalty, frequencyPenalty, seed, user, parallelToolCalls, responseFormat,
                reasoningEffort, metadata, openAiBody);
    }

    public ChatRequest withStream(boolean stream, boolean includeUsage) {
        return new ChatRequest(model, messages, tools, toolChoice, temperature, topP, maxTokens, stop, stream,
                includeUsage, presencePenalty, frequencyPenalty, seed, user, parallelToolCalls, responseFormat,
                reasoningEffort, metadata, openAiBody);
    }
}
