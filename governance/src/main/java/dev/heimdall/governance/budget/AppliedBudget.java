package dev.heimdall.governance.budget;

import dev.heimdall.governance.hierarchy.Owner;

import java.time.ZoneId;
import java.util.Objects;

/**
 * One budget as it binds one owner, prepared when the governance snapshot is built. It remembers the ledger line of
 * the current period (and, for a rolling budget, what the window's earlier buckets hold), so that admission in a
 * steady stream of requests neither does calendar arithmetic nor allocates ledger keys.
 */
public final class AppliedBudget {

    /** The ledger line of one period, valid for one time zone. */
    record Line(ZoneId zone, PeriodBounds bounds, LedgerKey key) {
    }

    /** What a rolling window's buckets other than {@code bucketStart} had committed at {@code computedAtMillis}. */
    record EarlierBuckets(long bucketStart, long computedAtMillis, long committedMicros) {
    }

    private final Owner owner;
    private final BudgetSpec spec;
    private final String ledgerOwner;
    /** Caches: racing threads may each compute a new value; any of them is right. */
    volatile Line line;
    volatile EarlierBuckets earlier;

    public AppliedBudget(Owner owner, BudgetSpec spec) {
        this.owner = Objects.requireNonNull(owner, "owner");
        this.spec = Objects.requireNonNull(spec, "spec");
        this.ledgerOwner = owner.subject();
    }

    public Owner owner() {
        return owner;
    }

    public BudgetSpec spec() {
        return spec;
    }

    /** The owner as ledger lines name it: {@code key:vk_1}, {@code team:ml}. */
    public String ledgerOwner() {
        return ledgerOwner;
    }

    @Override
    public String toString() {
        return "AppliedBudget[" + ledgerOwner + " " + spec.name() + "]";
    }
}
