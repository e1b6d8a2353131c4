package dev.heimdall.node.ingress;

import io.vertx.core.http.HttpServerRequest;

/**
 * The virtual key a client presents, in whichever header its SDK uses: {@code Authorization: Bearer} (OpenAI, and
 * Anthropic's auth-token mode), {@code x-api-key} (Anthropic), {@code x-goog-api-key} or the {@code key} query
 * parameter (Gemini). Every ingress accepts every form, so a client configured for one API works against another.
 */
public final class ClientCredentials {

    private static final int MAX_LENGTH = 512;

    private ClientCredentials() {
    }

    /** The presented secret, or null when there is none (or something that cannot be a key). */
    public static String presented(HttpServerRequest request) {
        String authorization = request.getHeader("authorization");
        if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return sane(authorization.substring(7).trim());
        }
        String apiKey = request.getHeader("x-api-key");
        if (apiKey != null) {
            return sane(apiKey.trim());
        }
        String googKey = request.getHeader("x-goog-api-key");
        if (googKey != null) {
            return sane(googKey.trim());
        }
        return sane(request.getParam("key"));
    }

    private static String sane(String value) {
        if (value == null || value.isEmpty() || value.length() > MAX_LENGTH) {
            return null;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c <= 0x20 || c >= 0x7f) {
                return null;
            }
        }
        return value;
    }
}
