package dev.heimdall.cluster.lease;

/**
 * How a node leases: the owner's {@link LeaseTerms}, and the node's own timing.
 *
 * @param blockMillis            a lease block covers about this much of the node's recent traffic; it is renewed
 *                               when a third of a block is left
 * @param callTimeoutMillis      an owner that has not answered in this long counts as unreachable: the node stops
 *                               waiting and decides on its local share until an answer comes
 * @param exhaustedBackoffMillis after the owner said a window has nothing left, refused requests ask again at most
 *                               this often
 * @param refreshMillis          cached cluster counts (token limits, balances) older than this are refreshed in the
 *                               background when read
 * @param tickMillis             how often settled spend and charges are sent, stuck calls noticed, ended windows
 *                               and idle leases returned
 * @param idleReturnMillis       a lease unused this long is given back before it expires
 */
public record LeaseSettings(LeaseTerms terms, long blockMillis, long callTimeoutMillis, long exhaustedBackoffMillis,
                            long refreshMillis, long tickMillis, long idleReturnMillis) {

    public static final LeaseSettings DEFAULTS = new LeaseSettings(new LeaseTerms(5_000, 0.25), 150, 1_000, 100, 100,
            20, 2_000);

    public LeaseSettings {
        if (blockMillis <= 0 || callTimeoutMillis <= 0 || exhaustedBackoffMillis < 0 || refreshMillis <= 0
                || tickMillis <= 0 || idleReturnMillis <= 0) {
            throw new IllegalArgumentException("lease timings must be positive: " + this);
        }
    }

    public LeaseSettings withLifetimeMillis(long lifetimeMillis) {
        return new LeaseSettings(new LeaseTerms(lifetimeMillis, terms.maxPoolShare()), blockMillis, callTimeoutMillis,
                exhaustedBackoffMillis, refreshMillis, tickMillis, idleReturnMillis);
    }

    public LeaseSettings withCallTimeoutMillis(long callTimeoutMillis) {
        return new LeaseSettings(terms, blockMillis, callTimeoutMillis, exhaustedBackoffMillis, refreshMillis,
                tickMillis, idleReturnMillis);
    }

    /**
     * How long before the owner's expiry a node stops using a lease: a fifth of its lifetime, which also absorbs that
     * much clock difference between members.
     */
    public long safetyMarginMillis() {
        return terms.lifetimeMillis() / 5;
    }
}
