package dev.heimdall.cluster.lease;

import com.hazelcast.map.EntryProcessor;
import com.hazelcast.map.ExtendedMapEntry;

import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * One store's report and lease renewal for one line, run on the line's partition owner (and re-run on its backup,
 * which holds the same state, so the result is the same). The store reports what it has taken and settled; the owner
 * records it, and then either grants a further block or takes the unused rest of the lease back.
 *
 * <p>The grant is the store's wish ({@code want}: about a block of its recent rate) but at most a {@link
 * LeaseTerms#maxPoolShare} of what nobody holds, and at least one permit while anything is left. When a request of
 * {@code need} was refused locally, the owner grants what that request lacks if the pool has it; if it does not, the
 * store's unused rest goes back to the pool, so the last permits of a window end up where a request can use them.
 *
 * <p>The store's cap until its next answer is its lease, except for a store that had taken beyond its lease (it was
 * deciding on its local share: a burst, or its first requests on the line) and for the only admitting member: their
 * cap is their local share, which the owner keeps out of the pool. A store new to the line (or whose lease lapsed)
 * may have taken up to 1/n of the limit before this report: that is kept out of the pool too, until its next report;
 * and so is the first local share of every admitting member that has not reported on a young line yet ({@link
 * LeaseLine#unseenShares}). A store that only reports (token charges, balance reads) leases nothing and is answered
 * what the others hold.
 *
 * <p>A store that has neither taken nor asked anything only reads: nothing is written, no entry is made.
 *
 * @param limit     the limit as the store's configuration has it now (a changed limit applies from the next request)
 * @param members   the admitting members the store counts: its local share is 1/members
 * @param ttlMillis how long the entry should live from now, for counter windows that end; 0 to keep it
 */
public record LeaseRequest(String holder, UUID member, long seq, long committed, long spent, long want, long need,
                           boolean returnUnused, long limit, int members, long nowMillis, long ttlMillis,
                           LeaseTerms terms)
        implements EntryProcessor<String, LeaseLine, LeaseAnswer> {

    @Override
    public LeaseAnswer process(Map.Entry<String, LeaseLine> entry) {
        LeaseLine line = entry.getValue() == null ? LeaseLine.startingAt(0, nowMillis) : entry.getValue();
        boolean leasing = want > 0 || need > 0;
        LineTotals others = line.othersOf(holder, nowMillis);
        if (leasing) {
            others = others.claiming(line.unseenShares(holder, limit, members, nowMillis, terms.lifetimeMillis()));
        }
        Holding previous = line.holders().get(holder);
        if (previous != null && previous.seq() >= seq) {
            return new LeaseAnswer(seq, previous.allotted(), previous.cap(), others, false, nowMillis);
        }
        if (previous == null && committed == 0 && spent == 0 && want == 0 && need == 0) {
            return new LeaseAnswer(seq, 0, 0, others, limit - others.claimed() <= 0, nowMillis);
        }
        boolean live = previous != null && previous.live(nowMillis);
        long held = live ? previous.allotted() : 0;
        long priorCap = live ? previous.cap() : limit / members;
        long claim = Math.max(held, committed);
        long pool = limit - others.claimed() - claim;
        long allotted = returnUnused ? committed : claim + grant(claim, pool);
        if (!returnUnused && need > claim - committed && need - (claim - committed) > pool) {
            allotted = committed;
        }
        long claimed = Math.max(allotted, committed);
        long cap = leasing && (members == 1 || committed > held)
                ? Math.max(claimed, LocalShare.of(limit, members, others.claimed(), claimed)) : claimed;
        Holding holding = new Holding(member, allotted, cap, leasing ? priorCap : 0, committed, spent, seq,
                nowMillis + terms.lifetimeMillis());
        LeaseLine updated = line.with(holder, holding);
        if (ttlMillis > 0) {
            ((ExtendedMapEntry<String, LeaseLine>) entry).setValue(updated, ttlMillis, TimeUnit.MILLISECONDS);
        } else {
            entry.setValue(updated);
        }
        return new LeaseAnswer(seq, allotted, cap, others, limit - others.claimed() - claimed <= 0, nowMillis);
    }

    private long grant(long claim, long pool) {
        if (pool <= 0) {
            return 0;
        }
        long grant = want > 0 ? Math.min(want, Math.max(1, (long) (pool * terms.maxPoolShare()))) : 0;
        long shortfall = need - (claim - committed);
        return shortfall > 0 && shortfall <= pool ? Math.max(grant, shortfall) : grant;
    }
}
