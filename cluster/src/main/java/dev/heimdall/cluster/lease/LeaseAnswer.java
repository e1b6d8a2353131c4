package dev.heimdall.cluster.lease;

import java.io.Serializable;

/**
 * The partition owner's answer to a {@link LeaseRequest}: the store's allotment now, what everyone else holds, and
 * whether the window has nothing left to lease.
 *
 * @param requestedAtMillis the requesting store's clock when it asked: its lease is valid a lifetime from then
 */
public record LeaseAnswer(long seq, long allotted, LineTotals others, boolean exhausted, long requestedAtMillis)
        implements Serializable {
}
