package dev.heimdall.providers.spi;

import java.util.Map;

/**
 * Everything an adapter needs to address one target: the upstream model name and the credential of the chosen key,
 * plus the provider's static settings.
 *
 * @param model      the model name the provider expects
 * @param apiKey     the secret of the chosen key; may be null for servers without auth (local vLLM, Ollama)
 * @param authHeader header carrying the key (OpenAI: {@code Authorization}, Anthropic: {@code x-api-key}); null means
 *                   the adapter's default
 * @param authPrefix prefix before the key in that header (OpenAI: {@code "Bearer "}); null means the default
 * @param headers    extra static headers for every request (e.g. {@code anthropic-version}, organisation ids)
 */
public record TargetContext(String model, String apiKey, String authHeader, String authPrefix,
                            Map<String, String> headers) {

    public TargetContext {
        headers = headers == null ? Map.of() : Map.copyOf(headers);
    }

    public static TargetContext of(String model, String apiKey) {
        return new TargetContext(model, apiKey, null, null, Map.of());
    }
}
