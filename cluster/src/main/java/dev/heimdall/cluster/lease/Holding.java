package dev.heimdall.cluster.lease;

import java.io.Serializable;
import java.util.UUID;

/**
 * What one store holds of one line, as the line's partition owner records it: {@code committed} is what the store has
 * taken (settled plus in flight), {@code spent} the settled part, {@code allotted} what its lease lets it take in all.
 * Until {@code expiresAtMillis} the larger of allotment and commitment counts against the limit; after it only the
 * settled spend does, so a store that stops renewing (it died, or was cut off) gives its unused permits and its
 * in-flight reservations back without anyone having to notice.
 *
 * @param member the Hazelcast member the store runs in, so that its leases can be reclaimed when the member leaves
 * @param seq    the store's request number: an older request arriving late never overwrites a newer one
 */
public record Holding(UUID member, long allotted, long committed, long spent, long seq, long expiresAtMillis)
        implements Serializable {

    public boolean live(long nowMillis) {
        return nowMillis < expiresAtMillis;
    }

    public long claimed(long nowMillis) {
        return live(nowMillis) ? Math.max(allotted, committed) : spent;
    }

    public long inFlight(long nowMillis) {
        return live(nowMillis) ? Math.max(0, committed - spent) : 0;
    }

    Holding expired() {
        return new Holding(member, allotted, committed, spent, seq, Long.MIN_VALUE);
    }
}
