package dev.heimdall.governance.limits;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Fixed-window counters of a single node, in memory: one atomic per counter, taken with a compare-and-set loop so
 * concurrent requests never push a counter past its limit.
 *
 * <p>A counter's key carries its window start, so a new window is simply a new entry. Entries of windows that have
 * ended are swept when a counter of a later window first appears, at most once per minute of window time: the
 * sweep needs no clock and no thread of its own.
 */
public final class LocalQuotaStore implements QuotaStore {

    private static final long SWEEP_INTERVAL_MILLIS = LimitWindow.MINUTE.millis();

    private final ConcurrentHashMap<QuotaCounter, AtomicLong> counters = new ConcurrentHashMap<>();
    /** The latest window start a sweep has seen: only a counter starting a minute later triggers the next. */
    private final AtomicLong sweptAt = new AtomicLong(Long.MIN_VALUE);

    @Override
    public QuotaGrant tryAcquire(QuotaCounter counter, long amount, long limit) {
        requireNotNegative(amount);
        AtomicLong used = counterFor(counter);
        while (true) {
            long before = used.get();
            long after = before + amount;
            if (after > limit) {
                return new QuotaGrant(false, limit, Math.max(0, limit - before), counter.resetAtMillis());
            }
            if (used.compareAndSet(before, after)) {
                return new QuotaGrant(true, limit, limit - after, counter.resetAtMillis());
            }
        }
    }

    @Override
    public QuotaGrant check(QuotaCounter counter, long limit) {
        AtomicLong used = counters.get(counter);
        long count = used == null ? 0 : used.get();
        return new QuotaGrant(count < limit, limit, Math.max(0, limit - count), counter.resetAtMillis());
    }

    @Override
    public void charge(QuotaCounter counter, long amount) {
        requireNotNegative(amount);
        if (amount > 0) {
            counterFor(counter).addAndGet(amount);
        }
    }

    @Override
    public void release(QuotaCounter counter, long amount) {
        requireNotNegative(amount);
        AtomicLong used = counters.get(counter);
        if (used != null) {
            used.accumulateAndGet(amount, (count, released) -> Math.max(0, count - released));
        }
    }

    /** How many counters are held: for tests of the sweep. */
    int size() {
        return counters.size();
    }

    private AtomicLong counterFor(QuotaCounter counter) {
        AtomicLong used = counters.get(counter);
        if (used != null) {
            return used;
        }
        sweepBefore(counter.windowStartMillis());
        return counters.computeIfAbsent(counter, c -> new AtomicLong());
    }

    private void sweepBefore(long nowMillis) {
        long last = sweptAt.get();
        if (nowMillis - SWEEP_INTERVAL_MILLIS < last || !sweptAt.compareAndSet(last, nowMillis)) {
            return;
        }
        counters.keySet().removeIf(counter -> counter.resetAtMillis() <= nowMillis);
    }

    private static void requireNotNegative(long amount) {
        if (amount < 0) {
            throw new IllegalArgumentException("amount must not be negative: " + amount);
        }
    }
}
