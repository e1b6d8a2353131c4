package dev.heimdall.governance.budget;

import java.util.Map;

/**
 * Spend per budget and period. Admission reserves a request's estimated cost; settlement replaces the estimate with
 * the actual cost. Concurrent requests can never jointly commit more than the limit: a reservation succeeds only if
 * spent + reserved + amount stays within it. Implementations answer from local state and never block (the cluster
 * ledger spends from a budget block leased from the owning partition).
 */
public interface BudgetLedger {

    /** Reserves {@code amountMicros} if the line's committed spend stays at or under {@code limitMicros}. */
    boolean tryReserve(LedgerKey key, long amountMicros, long limitMicros);

    /** Replaces a reservation with the actual cost (which may be higher than reserved: it is charged in full). */
    void settle(LedgerKey key, long reservedMicros, long actualMicros);

    /** Drops a reservation whose request never reached a provider. */
    void release(LedgerKey key, long reservedMicros);

    LedgerBalance balance(LedgerKey key);

    /** Every line with settled spend, for persistence and usage views. */
    Map<LedgerKey, Long> spentSnapshot();
}
