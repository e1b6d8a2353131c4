package dev.heimdall.governance.limits;

/**
 * The answer to a request for permits: granted or not, and what to tell the client in the
 * {@code x-ratelimit-*} headers (limit, remaining after this request, reset time).
 */
public record QuotaGrant(boolean granted, long limit, long remaining, long resetAtMillis) {
}
