package dev.heimdall.governance.audit;

/**
 * One upstream attempt of a request, as the audit log keeps it.
 *
 * @param keyName the provider key's name (never its value); {@code none} when no key could be used
 * @param status  the upstream's HTTP status, 0 when none came (connect failure, timeout)
 * @param error   the kind of failure ({@code RateLimited}, {@code ServerError} ...), null for a success
 */
public record AuditAttempt(String provider, String keyName, String model, int status, long latencyMillis,
                           String error) {
}
