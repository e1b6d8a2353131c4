package dev.heimdall.providers.openai;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.heimdall.providers.canonical.ChatRequest;
import dev.heimdall.providers.spi.TargetContext;

import java.util.Map;

/**
 * How a server speaking OpenAI's Chat Completions format differs from OpenAI itself: its configuration type, where
 * it lives, its paths, how it takes the key, and which request fields it rejects. {@link OpenAiAdapter} does the
 * encoding and decoding once for all of them; a dialect only adjusts. {@link #OPENAI} is OpenAI, unchanged.
 */
public interface OpenAiDialect {

    /** OpenAI's own API. */
    OpenAiDialect OPENAI = new OpenAiDialect() {
        @Override
        public String type() {
            return OpenAiAdapter.TYPE;
        }

        @Override
        public String defaultBaseUrl(Map<String, String> settings) {
            return "https://api.openai.com";
        }
    };

    /** The configuration {@code type} name. */
    String type();

    /** See {@link dev.heimdall.providers.spi.ProviderAdapter#defaultBaseUrl(Map)}. */
    default String defaultBaseUrl(Map<String, String> settings) {
        return null;
    }

    /** Path (and query) of the chat endpoint below the base URL. */
    default String chatPath(TargetContext target) {
        return OpenAiAdapter.CHAT_PATH;
    }

    /** Path (and query) of the embeddings endpoint below the base URL. */
    default String embeddingsPath(TargetContext target) {
        return OpenAiAdapter.EMBEDDINGS_PATH;
    }

    /** The header carrying the key when the provider configures none. */
    default String authHeader() {
        return "Authorization";
    }

    /** The prefix before the key in {@link #authHeader()} when the provider configures none. */
    default String authPrefix() {
        return "Bearer ";
    }

    /**
     * Adjusts a finished chat body (top-level fields only: the body shares nested nodes with the client's) or
     * rejects the request with a {@link dev.heimdall.providers.spi.ProviderException} carrying a
     * {@link dev.heimdall.providers.spi.ProviderError.BadRequest}.
     */
    default void adaptChat(ChatRequest request, ObjectNode body) {
    }

    /** Adjusts a finished embeddings body, like {@link #adaptChat}. */
    default void adaptEmbeddings(ObjectNode body) {
    }

    default boolean supportsEmbeddings() {
        return true;
    }
}
