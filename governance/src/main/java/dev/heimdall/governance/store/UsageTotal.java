package dev.heimdall.governance.store;

/** Summed usage of one group of a {@link UsageQuery}. */
public record UsageTotal(String group, long requests, long inputTokens, long outputTokens, long cachedTokens,
                         long costMicros) {
}
