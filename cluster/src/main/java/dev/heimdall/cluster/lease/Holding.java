package dev.heimdall.cluster.lease;

import java.io.Serializable;
import java.util.UUID;

/**
 * What one store holds of one line, as the line's partition owner records it: {@code committed} is what the store has
 * taken (settled plus in flight), {@code spent} the settled part, {@code allotted} what its lease lets it take in all.
 * {@code cap} is the most the store may commit until its next answer (more than its lease only while it is taking on
 * its local share), and {@code priorCap} the cap it decided on while this report was on its way; both are kept out
 * of the pool, so no permit a store may still take is leased to another.
 *
 * <p>Until {@code expiresAtMillis} all of that counts against the limit; after it only the settled spend does, so a
 * store that stops renewing (it died, or was cut off) gives its unused permits and its in-flight reservations back
 * without anyone having to notice.
 *
 * @param member the Hazelcast member the store runs in, so that its leases can be reclaimed when the member leaves
 * @param seq    the store's request number: an older request arriving late never overwrites a newer one
 */
public record Holding(UUID member, long allotted, long cap, long priorCap, long committed, long spent, long seq,
                      long expiresAtMillis) implements Serializable {

    public boolean live(long nowMillis) {
        return nowMillis < expiresAtMillis;
    }

    public long claimed(long nowMillis) {
        return live(nowMillis) ? Math.max(Math.max(allotted, committed), Math.max(cap, priorCap)) : spent;
    }

    public long inFlight(long nowMillis) {
        return live(nowMillis) ? Math.max(0, committed - spent) : 0;
    }

    Holding expired() {
        return new Holding(member, allotted, cap, priorCap, committed, spent, seq, Long.MIN_VALUE);
    }
}
