package dev.heimdall.loadtest.mock;

import java.time.Instant;
import java.util.Map;

/**
 * One provider request as the mock received it.
 *
 * @param method     HTTP method
 * @param path       request path, without the query string
 * @param headers    request headers, names in lower case, first value of each
 * @param body       the body as UTF-8 text ("" when empty)
 * @param provider   {@code openai} or {@code anthropic}
 * @param model      the {@code model} field of a JSON body, or null
 * @param apiKey     the key from {@code Authorization: Bearer} (OpenAI) or {@code x-api-key} (Anthropic), or null
 * @param receivedAt when the body had been read
 */
public record RecordedRequest(String method, String path, Map<String, String> headers, String body, String provider,
                              String model, String apiKey, Instant receivedAt) {

    /** The value of header {@code name} (case-insensitive), or null. */
    public String header(String name) {
        return headers.get(name.toLowerCase(java.util.Locale.ROOT));
    }
}
