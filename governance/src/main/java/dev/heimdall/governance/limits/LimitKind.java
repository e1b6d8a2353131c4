package dev.heimdall.governance.limits;

/** What a rate limit counts. */
public enum LimitKind {
    /** one per admitted request, taken at admission */
    REQUESTS,
    /** prompt plus completion tokens, charged after the response with the actual usage */
    TOKENS
}
