package dev.heimdall.providers.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.heimdall.providers.canonical.ChatRequest;
import dev.heimdall.providers.spi.ProviderError;
import dev.heimdall.providers.spi.ProviderException;
import dev.heimdall.providers.spi.TargetContext;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A provider that speaks OpenAI's format with small differences, as data: one {@link OpenAiAdapter} per preset.
 *
 * <p>Every preset sends the output limit as {@code max_tokens}: most of these servers do not know OpenAI's newer
 * {@code max_completion_tokens}. A removed {@code n} is special: {@code n: 1} is dropped, a larger {@code n} is
 * rejected, because dropping it would silently return fewer choices than asked.
 *
 * <table>
 *   <caption>Presets</caption>
 *   <tr><th>type</th><th>default base URL</th><th>differences from OpenAI</th></tr>
 *   <tr><td>mistral</td><td>https://api.mistral.ai</td><td>rejects unknown fields: drops {@code user},
 *       {@code stream_options} (it reports usage in the last chunk anyway), {@code logit_bias}, {@code logprobs},
 *       {@code top_logprobs}, {@code store}, {@code metadata}, {@code service_tier}, {@code reasoning_effort};
 *       {@code seed} is {@code random_seed}</td></tr>
 *   <tr><td>groq</td><td>https://api.groq.com/openai</td><td>no {@code logprobs}, {@code top_logprobs},
 *       {@code logit_bias}; {@code n} must be 1; no embeddings</td></tr>
 *   <tr><td>deepseek</td><td>https://api.deepseek.com</td><td>chat at {@code /chat/completions}; no embeddings</td></tr>
 *   <tr><td>xai</td><td>https://api.x.ai</td><td>no embeddings</td></tr>
 *   <tr><td>openrouter</td><td>https://openrouter.ai/api</td><td>no embeddings</td></tr>
 *   <tr><td>together</td><td>https://api.together.xyz</td><td>-</td></tr>
 *   <tr><td>fireworks</td><td>https://api.fireworks.ai/inference</td><td>-</td></tr>
 *   <tr><td>cerebras</td><td>https://api.cerebras.ai</td><td>no {@code logit_bias}; no embeddings</td></tr>
 *   <tr><td>perplexity</td><td>https://api.perplexity.ai</td><td>chat at {@code /chat/completions}; no tools
 *       (a request with tools is rejected); no embeddings</td></tr>
 *   <tr><td>vllm</td><td>none: {@code base-url} required</td><td>keys optional</td></tr>
 *   <tr><td>ollama</td><td>http://127.0.0.1:11434</td><td>keys optional</td></tr>
 *   <tr><td>lmstudio</td><td>http://127.0.0.1:1234</td><td>keys optional</td></tr>
 * </table>
 *
 * @param defaultBaseUrl   null when {@code base-url} must be configured
 * @param chatPath         the chat endpoint below the base URL; embeddings are at the same place with
 *                         {@code chat/completions} replaced by {@code embeddings}
 * @param removedFields    top-level request fields the server rejects, dropped before sending
 * @param renamedFields    top-level request fields the server knows under another name (from -> to); when both are
 *                         present the one under the server's name wins
 */
public record OpenAiCompatiblePreset(String type, String defaultBaseUrl, String chatPath, Set<String> removedFields,
                                     Map<String, String> renamedFields, boolean supportsTools,
                                     boolean supportsEmbeddings) implements OpenAiDialect {

    private static final String V1 = "/v1/chat/completions";
    private static final Map<String, String> MAX_TOKENS = Map.of("max_completion_tokens", "max_tokens");

    /** Every built-in preset, in the order of the table above. */
    public static final List<OpenAiCompatiblePreset> ALL = List.of(
            new OpenAiCompatiblePreset("mistral", "https://api.mistral.ai", V1,
                    Set.of("user", "stream_options", "logit_bias", "logprobs", "top_logprobs", "store", "metadata",
                            "service_tier", "reasoning_effort"),
                    Map.of("max_completion_tokens", "max_tokens", "seed", "random_seed"), true, true),
            new OpenAiCompatiblePreset("groq", "https://api.groq.com/openai", V1,
                    Set.of("logprobs", "top_logprobs", "logit_bias", "n"), MAX_TOKENS, true, false),
            new OpenAiCompatiblePreset("deepseek", "https://api.deepseek.com", "/chat/completions", Set.of(),
                    MAX_TOKENS, true, false),
            new OpenAiCompatiblePreset("xai", "https://api.x.ai", V1, Set.of(), MAX_TOKENS, true, false),
            new OpenAiCompatiblePreset("openrouter", "https://openrouter.ai/api", V1, Set.of(), MAX_TOKENS, true,
                    false),
            new OpenAiCompatiblePreset("together", "https://api.together.xyz", V1, Set.of(), MAX_TOKENS, true, true),
            new OpenAiCompatiblePreset("fireworks", "https://api.fireworks.ai/inference", V1, Set.of(), MAX_TOKENS,
                    true, true),
            new OpenAiCompatiblePreset("cerebras", "https://api.cerebras.ai", V1, Set.of("logit_bias"), MAX_TOKENS,
                    true, false),
            new OpenAiCompatiblePreset("perplexity", "https://api.perplexity.ai", "/chat/completions", Set.of(),
                    MAX_TOKENS, false, false),
            new OpenAiCompatiblePreset("vllm", null, V1, Set.of(), MAX_TOKENS, true, true),
            new OpenAiCompatiblePreset("ollama", "http://127.0.0.1:11434", V1, Set.of(), MAX_TOKENS, true, true),
            new OpenAiCompatiblePreset("lmstudio", "http://127.0.0.1:1234", V1, Set.of(), MAX_TOKENS, true, true));

    public OpenAiCompatiblePreset {
        removedFields = Set.copyOf(removedFields);
        renamedFields = Map.copyOf(renamedFields);
    }

    @Override
    public String defaultBaseUrl(Map<String, String> settings) {
        return defaultBaseUrl;
    }

    @Override
    public String chatPath(TargetContext target) {
        return chatPath;
    }

    @Override
    public String embeddingsPath(TargetContext target) {
        return chatPath.replace("chat/completions", "embeddings");
    }

    @Override
    public void adaptChat(ChatRequest request, ObjectNode body) {
        if (!supportsTools && (body.path("tools").size() > 0 || !request.tools().isEmpty())) {
            throw new ProviderException(new ProviderError.BadRequest(type + " does not support tools", 400, "tools",
                    "unsupported_parameter"));
        }
        if (!supportsTools) {
            body.remove(List.of("tools", "tool_choice", "parallel_tool_calls"));
        }
        JsonNode n = body.get("n");
        if (removedFields.contains("n") && n != null && n.isNumber() && n.asInt() > 1) {
            throw new ProviderException(new ProviderError.BadRequest(type + " returns one choice per request (n must"
                    + " be 1)", 400, "n", "unsupported_parameter"));
        }
        adapt(body);
    }

    @Override
    public void adaptEmbeddings(ObjectNode body) {
        adapt(body);
    }

    private void adapt(ObjectNode body) {
        body.remove(removedFields);
        for (Map.Entry<String, String> rename : renamedFields.entrySet()) {
            JsonNode value = body.remove(rename.getKey());
            if (value != null && !body.has(rename.getValue())) {
                body.set(rename.getValue(), value);
            }
        }
    }

    @Override
    public boolean supportsEmbeddings() {
        return supportsEmbeddings;
    }
}
