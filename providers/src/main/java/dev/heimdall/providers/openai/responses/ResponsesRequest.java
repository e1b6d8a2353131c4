package dev.heimdall.providers.openai.responses;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.heimdall.providers.canonical.ChatRequest;

/**
 * A Responses API request: the canonical chat request it translates to, plus what the {@code response} object echoes
 * back to the client and the canonical model does not carry.
 *
 * @param chat         the canonical request (instructions already folded in as a leading system message); its
 *                     {@code openAiBody} is null, so an OpenAI-format upstream gets a Chat Completions body built from
 *                     the canonical fields
 * @param instructions the {@code instructions} text, or null
 * @param tools        the client's {@code tools} array as sent (all of type {@code function}); empty when none
 * @param toolChoice   the client's {@code tool_choice} as sent, or null
 * @param reasoning    the client's {@code reasoning} object as sent, or null
 * @param textFormat   the client's {@code text.format} object as sent, or null (plain text)
 */
public record ResponsesRequest(ChatRequest chat, String instructions, ArrayNode tools, JsonNode toolChoice,
                               JsonNode reasoning, JsonNode textFormat) {
}
