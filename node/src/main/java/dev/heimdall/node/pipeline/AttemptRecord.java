package dev.heimdall.node.pipeline;

/**
 * One upstream attempt, kept for the response headers, metrics and (later) the audit record.
 *
 * @param outcome {@code ok} or the error kind (e.g. {@code RateLimited})
 */
public record AttemptRecord(String provider, String key, String model, int status, long latencyMicros,
                            String outcome) {
}
