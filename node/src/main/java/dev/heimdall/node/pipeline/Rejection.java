package dev.heimdall.node.pipeline;

import java.util.Map;

/**
 * A governance stage's refusal, before any provider is called: each ingress API renders it in its own error shape
 * with {@code status} and the headers (e.g. {@code Retry-After}, {@code x-ratelimit-*}).
 */
public record Rejection(int status, Reason reason, String message, Map<String, String> headers) {

    public enum Reason {
        /** no key, or one the gateway does not know: 401 */
        UNAUTHENTICATED("invalid_api_key"),
        /** the key is known but disabled or expired: 401 */
        KEY_INACTIVE("invalid_api_key"),
        /** the key may not use the model or provider asked for: 403 */
        FORBIDDEN("model_not_allowed"),
        /** a request or token rate limit is spent: 429 */
        RATE_LIMITED("rate_limit_exceeded"),
        /** a budget of the key, its team or its customer is spent: 429 */
        BUDGET_EXHAUSTED("insufficient_quota"),
        /** a guardrail policy blocked the content: 400 */
        GUARDRAIL_BLOCKED("content_blocked");

        private final String code;

        Reason(String code) {
            this.code = code;
        }

        /** The machine-readable code in OpenAI-shaped errors. */
        public String code() {
            return code;
        }
    }

    public Rejection {
        headers = headers == null ? Map.of() : Map.copyOf(headers);
    }
}
