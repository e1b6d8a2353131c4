package dev.heimdall.cluster.lease;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A node's side of one line: what it has taken ({@code settled} plus {@code open} reservations), the lease it holds
 * and what it last heard of everyone else. Every decision is made here, from local state, with one compare-and-set;
 * talking to the line's partition owner happens on the {@link LeaseBook}'s thread, one call at a time.
 *
 * <h2>The decision</h2>
 * A take succeeds while the node's commitment stays within its cap, and never beyond the limit minus what others held
 * at the last answer. The cap is what the owner last answered: the node's lease, or its local share ({@link
 * LocalShare}: 1/n of the limit and of what nobody claimed, {@code n} the {@link AdmittingMembers}) when the node was
 * already taking beyond its lease; the owner keeps that share out of the pool. So when a lease runs empty while its
 * renewal is in flight, the node refuses, unless the owner granted it its share. Without a usable answer (before the
 * first one on a line, after the lease lapsed, and while the owner cannot be reached) the node admits on its local
 * share by itself; what it takes is reported with the next renewal and counted like any other use.
 *
 * <h2>Renewal</h2>
 * When less than a third of a block is left, the node asks for the next block in the background: a block is about
 * {@link LeaseSettings#blockMillis} of its recent rate. Settled spend and charges are sent every tick, leases with
 * reservations in flight are kept alive, unused leases are given back when idle or when the window ends.
 */
public final class LocalLease {

    /** An answer from the owner, as one immutable value so that a decision never mixes two answers. */
    private record Look(long seq, long allotted, long cap, long validUntilMillis, LineTotals others, long claim,
                        boolean answered, long answeredAtNanos, boolean exhausted) {
    }

    private static final Look NOTHING_YET = new Look(0, 0, 0, Long.MIN_VALUE, LineTotals.NONE, 0, false, 0, false);
    /** A budget line nobody here has used for this long is forgotten (the next use starts from the local share). */
    private static final long EVICT_AFTER_MILLIS = 600_000;

    private final LeaseBook<?> book;
    private final String key;
    private final String holder;
    private final boolean leases;
    private final long endsAtMillis;
    private final long keepUntilMillis;
    private final AtomicLong settled = new AtomicLong();
    private final AtomicLong open = new AtomicLong();
    private final AtomicBoolean inFlight = new AtomicBoolean();
    private final AtomicLong seqs = new AtomicLong();
    private final AtomicLong need = new AtomicLong();
    private volatile Look look = NOTHING_YET;
    private volatile long limit = -1;
    private volatile boolean dirty;
    private volatile boolean starving;
    private volatile boolean returning;
    private volatile long lowWater = 1;
    private volatile long sentAtNanos;
    private volatile LeaseRequest pending;
    private volatile long usedAtMillis;
    private volatile boolean unreachable;
    /** Touched only while sending, which one call at a time does. */
    private double ratePerMilli;
    private long rateAtMillis = Long.MIN_VALUE;
    private long rateCommitted;

    LocalLease(LeaseBook<?> book, String key, String holder, boolean leases, long endsAtMillis, long keepUntilMillis,
               long nowMillis) {
        this.book = book;
        this.key = key;
        this.holder = holder;
        this.leases = leases;
        this.endsAtMillis = endsAtMillis;
        this.keepUntilMillis = keepUntilMillis;
        this.usedAtMillis = nowMillis;
    }

    /** Takes {@code amount} as used at once (a request permit) if the cap allows it. */
    public boolean tryTake(long amount, long limit, long nowMillis, int members) {
        rememberLimit(limit);
        long cap = cap(limit, nowMillis, members);
        while (true) {
            long before = settled.get();
            long after = before + amount + open.get();
            if (after > cap) {
                refused(amount);
                return false;
            }
            if (settled.compareAndSet(before, before + amount)) {
                taken(after, nowMillis);
                return true;
            }
        }
    }

    /** Reserves {@code amount} until it is settled or released, if the cap allows it. */
    public boolean tryReserve(long amount, long limit, long nowMillis, int members) {
        rememberLimit(limit);
        long cap = cap(limit, nowMillis, members);
        while (true) {
            long reserved = open.get();
            long after = settled.get() + reserved + amount;
            if (after > cap) {
                refused(amount);
                return false;
            }
            if (open.compareAndSet(reserved, reserved + amount)) {
                taken(after, nowMillis);
                return true;
            }
        }
    }

    /**
     * Whether the window has room left (what everyone used is below the limit). When the count is stale (the owner
     * has not answered for a call timeout) only the node's local share is admitted on.
     */
    public boolean hasRoom(long limit, int members) {
        rememberLimit(limit);
        Look seen = look;
        long nowNanos = System.nanoTime();
        if (!seen.answered || nowNanos - seen.answeredAtNanos >= book.refreshNanos()) {
            requestSend();
        }
        long committed = committed();
        boolean fresh = seen.answered && nowNanos - seen.answeredAtNanos < book.callTimeoutNanos();
        return seen.others.claimed() + committed < limit
                && (fresh || committed < share(seen, limit, members));
    }

    /** Adds use after the fact (tokens of a response), sent with the next tick. */
    public void charge(long amount) {
        settled.addAndGet(amount);
        dirty = true;
    }

    /** Gives back permits taken by {@link #tryTake}, to be taken again here. */
    public void untake(long amount) {
        settled.accumulateAndGet(amount, LocalLease::subtractToZero);
    }

    /** Turns a reservation into settled spend of {@code actual} (charged in full, even above the reservation). */
    public void settle(long reserved, long actual) {
        settled.addAndGet(actual);
        open.accumulateAndGet(reserved, LocalLease::subtractToZero);
        dirty = true;
    }

    public void release(long reserved) {
        open.accumulateAndGet(reserved, LocalLease::subtractToZero);
        dirty = true;
    }

    /** {@code limit} minus everything the cluster holds as far as this node knows, never below 0. */
    public long remaining(long limit) {
        return Math.max(0, limit - look.others.claimed() - committed());
    }

    public long settled() {
        return settled.get();
    }

    public long open() {
        return open.get();
    }

    /** Settled spend of every other holder (and the line's base) at the last answer. */
    public long othersSpent() {
        return look.others.spent();
    }

    /** Reservations other holders had in flight at the last answer. */
    public long othersInFlight() {
        return look.others.inFlight();
    }

    /** Asks for a fresh answer in the background when the last one is older than the refresh interval. */
    public void refreshIfStale() {
        Look seen = look;
        if (!seen.answered || System.nanoTime() - seen.answeredAtNanos >= book.refreshNanos()) {
            requestSend();
        }
    }

    /** The lease this node holds now, for views of the cluster. */
    public LeaseView view(long nowMillis) {
        Look seen = look;
        long held = nowMillis < seen.validUntilMillis ? Math.max(seen.allotted, seen.cap) : 0;
        return new LeaseView(key, held, committed(), unreachable);
    }

    String key() {
        return key;
    }

    /** This lease's holder id on its line. */
    public String holder() {
        return holder;
    }

    /** Starts from an answer already known (what a line held when the node started). */
    void adopt(LineTotals others) {
        look = new Look(0, 0, 0, Long.MIN_VALUE, others, 0, true, System.nanoTime(), false);
    }

    private long committed() {
        return settled.get() + open.get();
    }

    private void rememberLimit(long current) {
        if (limit != current) {
            limit = current;
        }
    }

    private long cap(long limit, long nowMillis, int members) {
        Look seen = look;
        long mine;
        if (nowMillis >= seen.validUntilMillis) {
            mine = share(seen, limit, members);
        } else if (unreachable) {
            mine = Math.max(seen.allotted, share(seen, limit, members));
        } else {
            mine = Math.max(seen.allotted, seen.cap);
        }
        return Math.min(mine, limit - seen.others.claimed());
    }

    private static long share(Look seen, long limit, int members) {
        return LocalShare.of(limit, members, seen.others.claimed(), seen.claim);
    }

    private void taken(long committedAfter, long nowMillis) {
        if (usedAtMillis != nowMillis) {
            usedAtMillis = nowMillis;
        }
        Look seen = look;
        long held = nowMillis < seen.validUntilMillis ? seen.allotted : 0;
        if (held - committedAfter < lowWater) {
            starving = true;
            requestSend();
        }
    }

    private void refused(long amount) {
        need.accumulateAndGet(amount, Math::max);
        starving = true;
        if (!backingOff(look)) {
            requestSend();
        }
    }

    /** After the owner said the window is used up, refusals ask again only every backoff interval. */
    private boolean backingOff(Look seen) {
        return seen.exhausted && System.nanoTime() - seen.answeredAtNanos < book.exhaustedBackoffNanos();
    }

    private void requestSend() {
        if (inFlight.compareAndSet(false, true)) {
            book.execute(this::send);
        }
    }

    /** Runs on the book's thread, holding {@link #inFlight}. */
    private void send() {
        try {
            book.submit(this, nextRequest(returning));
        } catch (RuntimeException e) {
            inFlight.set(false);
            dirty = true;
            book.failed(this, e);
        }
    }

    /** The next request to the owner, reporting everything taken so far. */
    LeaseRequest nextRequest(boolean giveBack) {
        long nowMillis = book.clock().millis();
        returning = false;
        starving = false;
        dirty = false;
        long needed = need.getAndSet(0);
        long spent = settled.get();
        long committed = spent + open.get();
        long want = leases && !giveBack && limit >= 0 ? wanted(nowMillis, committed, needed) : 0;
        lowWater = Math.max(1, want / 3);
        sentAtNanos = System.nanoTime();
        LeaseRequest request = new LeaseRequest(holder, book.member(), seqs.incrementAndGet(), committed, spent,
                want, needed, giveBack, Math.max(0, limit), book.members(), nowMillis,
                keepUntilMillis == 0 ? 0 : Math.max(1, keepUntilMillis - nowMillis), book.terms());
        pending = request;
        return request;
    }

    /**
     * A block of the node's recent rate (committed growth per millisecond, smoothed), plus what is reserved now: the
     * reservations in flight come back to the lease when they settle. Before there is a rate, as much as was taken
     * beyond the last answer.
     */
    private long wanted(long nowMillis, long committed, long needed) {
        if (rateAtMillis != Long.MIN_VALUE && nowMillis > rateAtMillis) {
            double recent = Math.max(0, committed - rateCommitted) / (double) (nowMillis - rateAtMillis);
            ratePerMilli = ratePerMilli == 0 ? recent : (ratePerMilli + recent) / 2;
        }
        if (rateAtMillis == Long.MIN_VALUE || nowMillis > rateAtMillis) {
            rateAtMillis = nowMillis;
            rateCommitted = committed;
        }
        long block = ratePerMilli > 0 ? (long) Math.ceil(ratePerMilli * book.blockMillis()) + open.get()
                : committed - look.claim;
        return Math.max(1, Math.max(needed, block));
    }

    void onAnswer(LeaseRequest request, LeaseAnswer answer, Throwable failure) {
        if (request.seq() != seqs.get()) {
            return;
        }
        if (failure != null) {
            retryLater(request);
            inFlight.set(false);
            book.failed(this, failure);
            return;
        }
        long margin = book.safetyMarginMillis();
        long validUntil = answer.requestedAtMillis() + book.terms().lifetimeMillis() - margin;
        if (answer.seq() > look.seq) {
            look = new Look(answer.seq(), answer.allotted(), answer.cap(), validUntil, answer.others(),
                    Math.max(answer.allotted(), request.committed()), true, System.nanoTime(), answer.exhausted());
        }
        unreachable = false;
        inFlight.set(false);
        if (starving) {
            long held = book.clock().millis() < validUntil ? answer.allotted() : 0;
            if (!answer.exhausted() && held - committed() < lowWater) {
                requestSend();
            } else {
                starving = false;
            }
        }
    }

    /**
     * The book's periodic look at this lease, on its thread: notices a call that takes too long, sends what is
     * waiting, keeps reservations alive, returns an idle lease. Answers true when the lease is done with and can be
     * dropped (its window ended, or an unused budget line was forgotten).
     */
    boolean tick(long nowMillis, long nowNanos) {
        if (inFlight.get()) {
            if (nowNanos - sentAtNanos > book.callTimeoutNanos()) {
                unreachable = true;
                seqs.incrementAndGet();
                retryLater(pending);
                inFlight.set(false);
            }
            return false;
        }
        Look seen = look;
        boolean unused = holdsUnused(seen, nowMillis);
        if (nowMillis >= endsAtMillis) {
            if (unused || dirty) {
                returnLease();
            }
            return true;
        }
        boolean keepAlive = open.get() > 0 && seen.validUntilMillis - nowMillis < book.terms().lifetimeMillis() / 2;
        if (dirty || keepAlive || starving && !backingOff(seen)) {
            requestSend();
        } else if (unused && nowMillis - usedAtMillis >= book.idleReturnMillis()) {
            returnLease();
        } else if (!unused && open.get() == 0 && nowMillis - usedAtMillis >= EVICT_AFTER_MILLIS
                && endsAtMillis == Long.MAX_VALUE) {
            return true;
        }
        return false;
    }

    /** Keeps what a failed or abandoned request carried for the next one: its report, its need, its return. */
    private void retryLater(LeaseRequest request) {
        dirty = true;
        if (request != null) {
            need.accumulateAndGet(request.need(), Math::max);
            starving |= request.want() > 0;
            returning |= request.returnUnused();
        }
    }

    /** Gives the unused rest of the lease back (with a final report) in the background. */
    void returnLease() {
        returning = true;
        requestSend();
    }

    /** Whether closing the node must give something back or report something. */
    boolean holdsSomething(long nowMillis) {
        return dirty || holdsUnused(look, nowMillis);
    }

    /** Whether the owner keeps more for this node than it committed: a lease or a share not used up. */
    private boolean holdsUnused(Look seen, long nowMillis) {
        return nowMillis < seen.validUntilMillis && Math.max(seen.allotted, seen.cap) > committed();
    }

    private static long subtractToZero(long value, long amount) {
        return Math.max(0, value - amount);
    }
}
