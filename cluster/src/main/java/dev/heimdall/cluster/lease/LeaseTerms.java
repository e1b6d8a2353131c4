package dev.heimdall.cluster.lease;

import java.io.Serializable;

/**
 * How the partition owner hands out leases: for how long one stays valid without renewal, and the largest part of
 * what is left in the window that one request may take (so that one busy store cannot take all of it while others
 * still need some).
 */
public record LeaseTerms(long lifetimeMillis, double maxPoolShare) implements Serializable {

    public LeaseTerms {
        if (lifetimeMillis <= 0 || maxPoolShare <= 0 || maxPoolShare > 1) {
            throw new IllegalArgumentException("a lease needs a positive lifetime and a pool share in (0, 1]");
        }
    }
}
