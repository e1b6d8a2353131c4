package dev.heimdall.governance.budget;

import java.util.List;

/**
 * What admission reserved for one request: the same estimated amount on each ledger line that applies (every
 * budget of every level). Settlement and release need nothing else.
 */
public record Reservation(long amountMicros, List<LedgerKey> lines) {

    public static final Reservation NONE = new Reservation(0, List.of());

    public Reservation {
        lines = List.copyOf(lines);
    }
}
