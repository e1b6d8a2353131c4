package dev.heimdall.governance.budget;

/** Settled spend and the reservations still in flight on one ledger line, in micro-USD. */
public record LedgerBalance(long spentMicros, long reservedMicros) {

    public static final LedgerBalance EMPTY = new LedgerBalance(0, 0);

    public long committedMicros() {
        return spentMicros + reservedMicros;
    }
}
