package dev.heimdall.cluster.ledger;

import dev.heimdall.cluster.lease.LineShape;
import dev.heimdall.governance.budget.LedgerKey;

/**
 * Budget lines as lease lines: {@code 1764547200000/7:key:devmonthly} (period start, the owner's length and the owner,
 * then the budget name), so that any owner and budget name read back unambiguously. Every line leases budget blocks
 * and is kept: it is the cluster's copy of the spend.
 */
final class LedgerLines implements LineShape<LedgerKey> {

    @Override
    public String mapKey(LedgerKey key) {
        return key.periodStartMillis() + "/" + key.owner().length() + ":" + key.owner() + key.budget();
    }

    static LedgerKey parse(String mapKey) {
        int slash = mapKey.indexOf('/');
        int colon = mapKey.indexOf(':', slash);
        int ownerStart = colon + 1;
        int ownerEnd = ownerStart + Integer.parseInt(mapKey.substring(slash + 1, colon));
        return new LedgerKey(mapKey.substring(ownerStart, ownerEnd), mapKey.substring(ownerEnd),
                Long.parseLong(mapKey.substring(0, slash)));
    }

    @Override
    public boolean leases(LedgerKey key) {
        return true;
    }

    @Override
    public long endsAtMillis(LedgerKey key) {
        return Long.MAX_VALUE;
    }

    @Override
    public long keepUntilMillis(LedgerKey key) {
        return 0;
    }
}
