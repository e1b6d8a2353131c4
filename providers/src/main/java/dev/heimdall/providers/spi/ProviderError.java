package dev.heimdall.providers.spi;

import java.time.Duration;

/**
 * Why an upstream call failed, classified the same way for every provider. The kind decides whether the attempt
 * loop may retry or fall back, and which status the client sees.
 */
public sealed interface ProviderError {

    /** The provider's (or the gateway's) explanation, safe to show to the client: never contains a credential. */
    String message();

    /** Status to answer the client with. */
    int clientStatus();

    /** Whether another attempt (same target after backoff, or the next target) may succeed. */
    boolean retryable();

    /** OpenAI-style error {@code type} for the client-facing body. */
    String errorType();

    /**
     * What an HTTP status means when a provider's body said nothing more specific: 408 a timeout, other 4xx the
     * request's fault, 5xx the provider's, anything else (a non-2xx that is neither) a protocol error. Adapters
     * check their provider's own signals (rate limits, auth, context length) first and end with this.
     */
    static ProviderError byStatus(int status, String message, String param, String code) {
        if (status == 408) {
            return new Timeout(message, Timeout.Phase.FIRST_BYTE);
        }
        if (status >= 400 && status < 500) {
            return new BadRequest(message, status, param, code);
        }
        if (status >= 500) {
            return new ServerError(message, status);
        }
        return new ProtocolError("unexpected HTTP " + status + " from upstream");
    }

    /** TCP connect failed or the connection was refused/reset before any response. */
    record ConnectFailure(String message) implements ProviderError {
        public int clientStatus() { return 502; }
        public boolean retryable() { return true; }
        public String errorType() { return "upstream_unreachable"; }
    }

    /** No response (or no next chunk) within the configured time. */
    record Timeout(String message, Phase phase) implements ProviderError {
        public enum Phase { CONNECT, FIRST_BYTE, IDLE }
        public int clientStatus() { return 504; }
        public boolean retryable() { return true; }
        public String errorType() { return "upstream_timeout"; }
    }

    /** 429 (or a provider's overload status); {@code retryAfter} is null when the provider gave none. */
    record RateLimited(String message, int upstreamStatus, Duration retryAfter) implements ProviderError {
        public int clientStatus() { return 429; }
        public boolean retryable() { return true; }
        public String errorType() { return "rate_limit_error"; }
    }

    /** 5xx from the provider. */
    record ServerError(String message, int upstreamStatus) implements ProviderError {
        public int clientStatus() { return upstreamStatus >= 500 && upstreamStatus <= 599 ? upstreamStatus : 502; }
        public boolean retryable() { return true; }
        public String errorType() { return "server_error"; }
    }

    /** 401/403: the provider rejected the gateway's credential for this key. Another key may work. */
    record AuthFailure(String message, int upstreamStatus) implements ProviderError {
        public int clientStatus() { return upstreamStatus; }
        public boolean retryable() { return true; }
        public String errorType() { return "authentication_error"; }
    }

    /** The request itself is wrong (400, 404, 422 ...): retrying anywhere gives the same answer. */
    record BadRequest(String message, int upstreamStatus, String param, String code) implements ProviderError {
        public int clientStatus() { return upstreamStatus >= 400 && upstreamStatus < 500 ? upstreamStatus : 400; }
        public boolean retryable() { return false; }
        public String errorType() { return "invalid_request_error"; }
    }

    /** The prompt exceeds the model's context window; a longer-context model may take it. */
    record ContextTooLong(String message, int upstreamStatus) implements ProviderError {
        public int clientStatus() { return 400; }
        public boolean retryable() { return false; }
        public String errorType() { return "invalid_request_error"; }
    }

    /** The provider answered 2xx with something we could not decode, or a stream broke off. */
    record ProtocolError(String message) implements ProviderError {
        public int clientStatus() { return 502; }
        public boolean retryable() { return true; }
        public String errorType() { return "upstream_protocol_error"; }
    }
}
