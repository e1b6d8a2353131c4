package dev.heimdall.node.pipeline;

import dev.heimdall.providers.spi.ProviderError;

/**
 * The short names that retry and fallback metrics give the errors that caused them: {@code connect},
 * {@code timeout}, {@code 429}, {@code 5xx}, {@code auth}, {@code context_length}, {@code protocol} and
 * {@code client} (a 4xx that never falls back). Skipping a target whose circuit is open is {@link #CIRCUIT_OPEN}.
 */
final class FailureReason {

    static final String CIRCUIT_OPEN = "circuit_open";
    static final String CONTEXT_LENGTH = "context_length";

    private FailureReason() {
    }

    static String of(ProviderError error) {
        if (error instanceof ProviderError.ConnectFailure) {
            return "connect";
        } else if (error instanceof ProviderError.Timeout) {
            return "timeout";
        } else if (error instanceof ProviderError.RateLimited) {
            return "429";
        } else if (error instanceof ProviderError.ServerError) {
            return "5xx";
        } else if (error instanceof ProviderError.AuthFailure) {
            return "auth";
        } else if (error instanceof ProviderError.ContextTooLong) {
            return CONTEXT_LENGTH;
        } else if (error instanceof ProviderError.ProtocolError) {
            return "protocol";
        }
        return "client";
    }
}
