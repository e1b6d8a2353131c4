package dev.heimdall.cluster.lease;

import java.io.Serializable;

/**
 * The partition owner's answer to a {@link LeaseRequest}: the store's lease and cap now (see {@link Holding}), what
 * everyone else holds, and whether the window has nothing left to lease.
 *
 * @param requestedAtMillis the requesting store's clock when it asked: its lease is valid a lifetime from then
 */
public record LeaseAnswer(long seq, long allotted, long cap, LineTotals others, boolean exhausted,
                          long requestedAtMillis) implements Serializable {
}
