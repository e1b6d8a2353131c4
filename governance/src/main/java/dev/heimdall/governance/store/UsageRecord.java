package dev.heimdall.governance.store;

/**
 * Usage of one (hour, key, provider, model), summed before it is written so the store sees one row per
 * combination and hour rather than one per request. Team and customer are the key's at the time of the requests.
 */
public record UsageRecord(long hourStartMillis, String keyId, String teamId, String customerId, String provider,
                          String model, long requests, long inputTokens, long outputTokens, long cachedTokens,
                          long costMicros) {
}
