package dev.heimdall.governance.limits;

/**
 * Window counters for rate limits. Implementations answer from local state and never block: the single-node store
 * counts in memory; the cluster store spends permits leased from the counter's partition owner.
 */
public interface QuotaStore {

    /**
     * Takes {@code amount} permits from the counter if that keeps it at or under {@code limit}; takes nothing
     * otherwise.
     */
    QuotaGrant tryAcquire(QuotaCounter counter, long amount, long limit);

    /**
     * Admits while the window has room left (used below limit), taking nothing: token limits are charged after the
     * response with {@link #charge}, so a request is admitted on what the window has already used.
     */
    QuotaGrant check(QuotaCounter counter, long limit);

    /** Adds usage after the fact; the count may exceed the limit (the next request is then refused). */
    void charge(QuotaCounter counter, long amount);

    /** Returns permits taken by a request that was refused later in admission (all or nothing). */
    void release(QuotaCounter counter, long amount);
}
