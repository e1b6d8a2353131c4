package dev.heimdall.cluster.quota;

import dev.heimdall.cluster.lease.AdmittingMembers;
import dev.heimdall.cluster.lease.LeaseBook;
import dev.heimdall.cluster.lease.LeaseSettings;
import dev.heimdall.cluster.lease.LeaseView;
import dev.heimdall.cluster.lease.LocalLease;
import com.hazelcast.core.HazelcastInstance;
import dev.heimdall.governance.limits.QuotaCounter;
import dev.heimdall.governance.limits.QuotaGrant;
import dev.heimdall.governance.limits.QuotaStore;

import java.time.Clock;
import java.util.List;

/**
 * Cluster-wide rate-limit counters by quota leasing. Each counter window is one entry of the {@value #MAP} map, owned
 * by one partition; this node leases blocks of permits from it and spends them locally, so {@link #tryAcquire} is one
 * compare-and-set and never a remote call. See {@link LocalLease} for the decision and the renewal.
 *
 * <p>Request limits: a node takes permits from its lease; when the lease is empty (a renewal in flight, or the owner
 * unreachable) it admits up to its local share (1/n of the limit and of what was unclaimed at the last answer, n the
 * admitting members) rather than refusing, and reports what it took with the next renewal. Token limits are checked
 * against the cluster count as last heard (refreshed in the background when older than {@link
 * LeaseSettings#refreshMillis}) plus this node's own charges, which are sent every tick.
 *
 * <p>Bounds. With every owner reachable, the cluster can overshoot a window only by what the nodes' local shares
 * admitted on stale answers: at most, per node, the others' growth since that node's last answer, divided by n. A
 * node that dies unseen takes with it what it admitted since its last report (at most one block). A node cut off
 * from an owner admits at most max(its lease, limit / n) in that window, so a cut in two halves admits at most about
 * the limit plus one block per node; once Hazelcast splits the cluster, each half runs on its own copy of the counters
 * (the worst case is then one limit per half per window), and {@code LeaseLineMerge} adds both halves' use together
 * when it heals.
 */
public final class LeasedQuotaStore implements QuotaStore, AutoCloseable {

    public static final String MAP = "heimdall.quota";

    private final LeaseBook<QuotaCounter> book;

    public LeasedQuotaStore(HazelcastInstance hazelcast, AdmittingMembers members, Clock clock,
                            LeaseSettings settings) {
        this.book = new LeaseBook<>(hazelcast, MAP, new CounterLines(), members, clock, settings);
    }

    @Override
    public QuotaGrant tryAcquire(QuotaCounter counter, long amount, long limit) {
        requireNotNegative(amount);
        LocalLease lease = book.lease(counter);
        boolean granted = lease.tryTake(amount, limit, book.clock().millis(), book.members());
        return new QuotaGrant(granted, limit, lease.remaining(limit), counter.resetAtMillis());
    }

    @Override
    public QuotaGrant check(QuotaCounter counter, long limit) {
        LocalLease lease = book.lease(counter);
        boolean room = lease.hasRoom(limit, book.members());
        return new QuotaGrant(room, limit, lease.remaining(limit), counter.resetAtMillis());
    }

    @Override
    public void charge(QuotaCounter counter, long amount) {
        requireNotNegative(amount);
        if (amount > 0) {
            book.lease(counter).charge(amount);
        }
    }

    @Override
    public void release(QuotaCounter counter, long amount) {
        requireNotNegative(amount);
        LocalLease lease = book.existing(counter);
        if (lease != null) {
            lease.untake(amount);
        }
    }

    /** The leases this node holds, for the cluster views. */
    public List<LeaseView> leases() {
        return book.views();
    }

    /** Returns every unused lease and reports the last charges (blocks up to a call timeout). */
    @Override
    public void close() {
        book.close();
    }

    private static void requireNotNegative(long amount) {
        if (amount < 0) {
            throw new IllegalArgumentException("amount must not be negative: " + amount);
        }
    }
}
