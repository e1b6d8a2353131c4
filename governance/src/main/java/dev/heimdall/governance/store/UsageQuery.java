package dev.heimdall.governance.store;

/**
 * Usage over {@code [fromMillis, toMillis)}, grouped by one dimension, optionally filtered to one key, team or
 * customer (null: all).
 */
public record UsageQuery(long fromMillis, long toMillis, GroupBy groupBy, String keyId, String teamId,
                         String customerId) {

    public enum GroupBy { KEY, TEAM, CUSTOMER, PROVIDER, MODEL }
}
