package dev.heimdall.governance.budget;

/**
 * One ledger line: the spend of one owner's budget in one period (or, for a rolling budget, one hourly bucket).
 * {@code owner} names the level it charges: {@code key:vk_123}, {@code team:ml}, {@code customer:acme}.
 */
public record LedgerKey(String owner, String budget, long periodStartMillis) {

    public LedgerKey {
        if (owner == null || owner.isEmpty() || budget == null || budget.isEmpty()) {
            throw new IllegalArgumentException("a ledger key needs an owner and a budget name");
        }
    }
}
