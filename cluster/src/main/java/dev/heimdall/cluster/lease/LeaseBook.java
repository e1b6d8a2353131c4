package dev.heimdall.cluster.lease;

import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;

/**
 * A node's leases on the lines of one map (counter windows, or budget lines), and the one thread that talks to their
 * partition owners: it sends renewals and reports (entry processors, asynchronously), applies the answers, and every
 * tick notices stuck calls, sends settled spend, and returns leases that are idle or whose window ended. When a
 * member leaves the cluster, the oldest admitting member ends that member's leases on every line.
 *
 * <p>Lifecycle: create it once per map and node; {@link #close} returns every unused lease (waiting at most a call
 * timeout) and stops the thread.
 */
public final class LeaseBook<K> implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LeaseBook.class);

    private final HazelcastInstance hazelcast;
    private final IMap<String, LeaseLine> map;
    private final LineShape<K> shape;
    private final AdmittingMembers members;
    private final Clock clock;
    private final LeaseSettings settings;
    private final String holderPrefix = UUID.randomUUID() + "/";
    private final AtomicLong leasesMade = new AtomicLong();
    private final ConcurrentHashMap<K, LocalLease> leases = new ConcurrentHashMap<>();
    private final ScheduledExecutorService thread;
    private final ScheduledFuture<?> ticks;
    private final UUID membershipListener;
    private volatile boolean closed;

    public LeaseBook(HazelcastInstance hazelcast, String mapName, LineShape<K> shape, AdmittingMembers members,
                     Clock clock, LeaseSettings settings) {
        this.hazelcast = hazelcast;
        this.map = hazelcast.getMap(mapName);
        this.shape = shape;
        this.members = members;
        this.clock = clock;
        this.settings = settings;
        this.thread = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread named = new Thread(runnable, "heimdall-leases-" + mapName);
            named.setDaemon(true);
            return named;
        });
        this.ticks = thread.scheduleWithFixedDelay(this::tick, settings.tickMillis(), settings.tickMillis(),
                TimeUnit.MILLISECONDS);
        this.membershipListener = hazelcast.getCluster().addMembershipListener(new MembershipListener() {
            @Override
            public void memberAdded(MembershipEvent event) {
                // a new member holds nothing yet
            }

            @Override
            public void memberRemoved(MembershipEvent event) {
                reclaim(event.getMember().getUuid());
            }
        });
    }

    /** The node's lease on {@code key}'s line, made on first use. */
    public LocalLease lease(K key) {
        LocalLease lease = leases.get(key);
        return lease != null ? lease : leases.computeIfAbsent(key, this::newLease);
    }

    /** The node's lease on {@code key}'s line if it has one. */
    public LocalLease existing(K key) {
        return leases.get(key);
    }

    /** Starts a lease from totals already read from the line (at start-up). */
    public void adopt(K key, LineTotals totals) {
        lease(key).adopt(totals);
    }

    public void forEach(BiConsumer<K, LocalLease> action) {
        leases.forEach(action);
    }

    public IMap<String, LeaseLine> map() {
        return map;
    }

    /**
     * What every holder id of this book starts with. Each lease is a holder of its own: a lease forgotten and made
     * again later starts a new holding, and the old one keeps counting what it settled.
     */
    public String holderPrefix() {
        return holderPrefix;
    }

    public int members() {
        return members.count();
    }

    public Clock clock() {
        return clock;
    }

    public List<LeaseView> views() {
        long now = clock.millis();
        List<LeaseView> views = new ArrayList<>(leases.size());
        leases.values().forEach(lease -> views.add(lease.view(now)));
        return views;
    }

    /**
     * Gives back every unused lease and reports what is not yet reported, waiting at most a call timeout for the
     * owners' answers, then stops. Run it off any event loop: it blocks for up to that long.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        ticks.cancel(false);
        if (hazelcast.getLifecycleService().isRunning()) {
            hazelcast.getCluster().removeMembershipListener(membershipListener);
            returnAll();
        }
        thread.shutdownNow();
    }

    UUID member() {
        return hazelcast.getCluster().getLocalMember().getUuid();
    }

    LeaseTerms terms() {
        return settings.terms();
    }

    long blockMillis() {
        return settings.blockMillis();
    }

    long safetyMarginMillis() {
        return settings.safetyMarginMillis();
    }

    long idleReturnMillis() {
        return settings.idleReturnMillis();
    }

    long callTimeoutNanos() {
        return TimeUnit.MILLISECONDS.toNanos(settings.callTimeoutMillis());
    }

    long refreshNanos() {
        return TimeUnit.MILLISECONDS.toNanos(settings.refreshMillis());
    }

    long exhaustedBackoffNanos() {
        return TimeUnit.MILLISECONDS.toNanos(settings.exhaustedBackoffMillis());
    }

    void execute(Runnable task) {
        try {
            thread.execute(task);
        } catch (RejectedExecutionException e) {
            if (!closed) {
                throw e;
            }
        }
    }

    void submit(LocalLease lease, LeaseRequest request) {
        map.submitToKey(lease.key(), request)
                .whenCompleteAsync((answer, failure) -> lease.onAnswer(request, answer, failure), this::execute);
    }

    void failed(LocalLease lease, Throwable failure) {
        LOG.debug("lease call for {} failed, retrying: {}", lease.key(), failure.toString());
    }

    private LocalLease newLease(K key) {
        return new LocalLease(this, shape.mapKey(key), holderPrefix + leasesMade.incrementAndGet(), shape.leases(key),
                shape.endsAtMillis(key), shape.keepUntilMillis(key), clock.millis());
    }

    private void tick() {
        try {
            long now = clock.millis();
            long nanos = System.nanoTime();
            leases.forEach((key, lease) -> {
                if (lease.tick(now, nanos)) {
                    leases.remove(key, lease);
                }
            });
        } catch (RuntimeException e) {
            LOG.warn("lease tick failed: {}", e.toString(), e);
        }
    }

    /** Ends a departed member's leases at once (rather than at their expiry), from one member only. */
    private void reclaim(UUID departed) {
        if (!members.oldestIsLocal()) {
            return;
        }
        CompletableFuture.runAsync(() -> map.executeOnEntries(new ReclaimMember(departed)))
                .whenComplete((ignored, failure) -> {
                    if (failure != null && hazelcast.getLifecycleService().isRunning()) {
                        LOG.warn("leases of departed member {} not reclaimed (they expire instead): {}", departed,
                                failure.toString());
                    }
                });
    }

    private void returnAll() {
        long now = clock.millis();
        List<CompletableFuture<LeaseAnswer>> returns = new ArrayList<>();
        leases.values().forEach(lease -> {
            if (lease.holdsSomething(now)) {
                returns.add(map.submitToKey(lease.key(), lease.nextRequest(true)).toCompletableFuture());
            }
        });
        try {
            CompletableFuture.allOf(returns.toArray(CompletableFuture[]::new))
                    .get(settings.callTimeoutMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            LOG.warn("not every lease was returned on close (they expire instead): {}", e.toString());
        }
    }
}
