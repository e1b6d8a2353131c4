package dev.heimdall.providers.spi;

import dev.heimdall.providers.canonical.ChatRequest;
import dev.heimdall.providers.canonical.ChatResponse;
import dev.heimdall.providers.canonical.EmbeddingRequest;
import dev.heimdall.providers.canonical.EmbeddingResponse;

/**
 * One provider wire format: how a canonical request becomes that provider's HTTP request, and how its answers
 * (whole, streamed, or errors) become canonical again. Adapters are stateless and thread-safe; they know nothing of
 * HTTP clients, event loops or routing.
 */
public interface ProviderAdapter {

    /** The wire format's name as used in configuration ({@code openai}, {@code anthropic}, ...). */
    String type();

    /**
     * The base URL to use when the configuration gives none, from the provider's settings (e.g. Bedrock's region);
     * null when this provider has no public default and {@code base-url} is required.
     */
    default String defaultBaseUrl(java.util.Map<String, String> settings) {
        return null;
    }

    UpstreamRequest encodeChat(ChatRequest request, TargetContext target);

    /**
     * Decodes a 2xx response body.
     *
     * @throws ProviderException with a {@link ProviderError.ProtocolError} when the body is not what the API returns
     */
    ChatResponse decodeChat(byte[] body);

    StreamDecoder streamDecoder(ChatRequest request, TargetContext target);

    /**
     * Classifies a non-2xx response.
     *
     * @param retryAfter the {@code Retry-After} header value, or null
     */
    ProviderError classifyError(int status, String retryAfter, byte[] body);

    default boolean supportsEmbeddings() {
        return false;
    }

    default UpstreamRequest encodeEmbeddings(EmbeddingRequest request, TargetContext target) {
        throw new UnsupportedOperationException(type() + " has no embeddings API");
    }

    default EmbeddingResponse decodeEmbeddings(byte[] body) {
        throw new UnsupportedOperationException(type() + " has no embeddings API");
    }
}
