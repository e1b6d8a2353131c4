package dev.heimdall.cluster.lease;

import java.io.Serializable;

/**
 * Sums over some of a line's holdings (and its base): what counts against the limit ({@code claimed}: live leases
 * whole, expired ones by their settled spend), what is settled, and what is reserved and not yet settled.
 */
public record LineTotals(long claimed, long spent, long inFlight) implements Serializable {

    public static final LineTotals NONE = new LineTotals(0, 0, 0);

    public LineTotals claiming(long more) {
        return more == 0 ? this : new LineTotals(claimed + more, spent, inFlight);
    }
}
