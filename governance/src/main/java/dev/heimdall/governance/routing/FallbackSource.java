package dev.heimdall.governance.routing;

/**
 * Whose fallback chain a request follows. Exactly one applies: the most specific that is not empty, in this order
 * of precedence.
 */
public enum FallbackSource {
    /** The request's own {@code fallbacks} body field or {@code x-heimdall-fallbacks} header. */
    REQUEST,
    /** The caller's virtual key. */
    KEY,
    /** The routing rule that matched. */
    RULE,
    /** The alias the request was routed to. */
    ALIAS,
    /** None configured. */
    NONE
}
