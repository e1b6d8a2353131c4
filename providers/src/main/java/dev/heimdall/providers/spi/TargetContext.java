package dev.heimdall.providers.spi;

import java.util.Map;

/**
 * Everything an adapter needs to address one target: the upstream model name and the credential of the chosen key,
 * plus the provider's static settings.
 *
 * @param model      the model name the provider expects
 * @param apiKey     the secret of the chosen key; may be null for servers without auth (local vLLM, Ollama) and for
 *                   providers whose requests the node signs after encoding (Bedrock's SigV4, Vertex's OAuth token)
 * @param authHeader header carrying the key (OpenAI: {@code Authorization}, Anthropic: {@code x-api-key}); null means
 *                   the adapter's default
 * @param authPrefix prefix before the key in that header (OpenAI: {@code "Bearer "}); null means the default
 * @param headers    extra static headers for every request (e.g. {@code anthropic-version}, organisation ids)
 * @param settings   provider settings that shape the request, by name: {@value #REGION}, {@value #PROJECT},
 *                   {@value #LOCATION}, {@value #API_VERSION}, and {@value #DEPLOYMENT} (Azure's deployment serving
 *                   this model; defaults to the model name)
 */
public record TargetContext(String model, String apiKey, String authHeader, String authPrefix,
                            Map<String, String> headers, Map<String, String> settings) {

    public static final String REGION = "region";
    public static final String PROJECT = "project";
    public static final String LOCATION = "location";
    public static final String API_VERSION = "api-version";
    public static final String DEPLOYMENT = "deployment";
    /** The provider's own region, passed beside {@value #REGION} when a key's region replaced it. */
    public static final String PROVIDER_REGION = "provider-region";
    /** The provider's configured base URL, passed when a key has a region of its own. */
    public static final String BASE_URL = "base-url";

    public TargetContext {
        headers = headers == null ? Map.of() : Map.copyOf(headers);
        settings = settings == null ? Map.of() : Map.copyOf(settings);
    }

    public TargetContext(String model, String apiKey, String authHeader, String authPrefix, Map<String, String> headers) {
        this(model, apiKey, authHeader, authPrefix, headers, Map.of());
    }

    public static TargetContext of(String model, String apiKey) {
        return new TargetContext(model, apiKey, null, null, Map.of(), Map.of());
    }

    /** A setting, or {@code fallback} when it is not configured. */
    public String setting(String name, String fallback) {
        return settings.getOrDefault(name, fallback);
    }
}
