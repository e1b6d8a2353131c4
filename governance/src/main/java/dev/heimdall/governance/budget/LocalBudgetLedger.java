package dev.heimdall.governance.budget;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The ledger of a single node, in memory. Each line holds its balance as one immutable value swapped by
 * compare-and-set, so the check {@code spent + reserved + amount <= limit} and the reservation are one atomic step:
 * concurrent requests can never jointly commit more than the limit, and no lock is ever taken.
 */
public final class LocalBudgetLedger implements BudgetLedger {

    private final ConcurrentHashMap<LedgerKey, AtomicReference<LedgerBalance>> lines = new ConcurrentHashMap<>();

    public LocalBudgetLedger() {
        this(Map.of());
    }

    /** @param spent settled spend per line, as persisted before a restart */
    public LocalBudgetLedger(Map<LedgerKey, Long> spent) {
        spent.forEach((key, micros) -> lines.put(key, new AtomicReference<>(new LedgerBalance(micros, 0))));
    }

    @Override
    public boolean tryReserve(LedgerKey key, long amountMicros, long limitMicros) {
        requireNotNegative(amountMicros);
        AtomicReference<LedgerBalance> line = line(key);
        while (true) {
            LedgerBalance before = line.get();
            if (before.committedMicros() + amountMicros > limitMicros) {
                return false;
            }
            if (line.compareAndSet(before, new LedgerBalance(before.spentMicros(), before.reservedMicros() + amountMicros))) {
                return true;
            }
        }
    }

    @Override
    public void settle(LedgerKey key, long reservedMicros, long actualMicros) {
        requireNotNegative(reservedMicros);
        requireNotNegative(actualMicros);
        unreserve(line(key), reservedMicros, actualMicros);
    }

    @Override
    public void release(LedgerKey key, long reservedMicros) {
        requireNotNegative(reservedMicros);
        AtomicReference<LedgerBalance> line = lines.get(key);
        if (line != null) {
            unreserve(line, reservedMicros, 0);
        }
    }

    @Override
    public LedgerBalance balance(LedgerKey key) {
        AtomicReference<LedgerBalance> line = lines.get(key);
        return line == null ? LedgerBalance.EMPTY : line.get();
    }

    @Override
    public Map<LedgerKey, Long> spentSnapshot() {
        Map<LedgerKey, Long> spent = new HashMap<>();
        lines.forEach((key, line) -> {
            long micros = line.get().spentMicros();
            if (micros > 0) {
                spent.put(key, micros);
            }
        });
        return spent;
    }

    /** Ends a reservation, turning {@code spentMicros} of it (or more) into settled spend. */
    private static void unreserve(AtomicReference<LedgerBalance> line, long reservedMicros, long spentMicros) {
        line.updateAndGet(balance -> new LedgerBalance(balance.spentMicros() + spentMicros,
                Math.max(0, balance.reservedMicros() - reservedMicros)));
    }

    private AtomicReference<LedgerBalance> line(LedgerKey key) {
        AtomicReference<LedgerBalance> line = lines.get(key);
        return line != null ? line : lines.computeIfAbsent(key, k -> new AtomicReference<>(LedgerBalance.EMPTY));
    }

    private static void requireNotNegative(long micros) {
        if (micros < 0) {
            throw new IllegalArgumentException("amount must not be negative: " + micros);
        }
    }
}
