package dev.heimdall.governance.budget;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class LocalBudgetLedgerTest extends BudgetLedgerContract {

    @Override
    protected BudgetLedger newLedger() {
        return new LocalBudgetLedger();
    }

    @Test
    void spendPersistedBeforeARestartCountsAgainstTheLimit() {
        LocalBudgetLedger restored = new LocalBudgetLedger(Map.of(LINE, 900_000L));

        assertThat(restored.balance(LINE)).isEqualTo(new LedgerBalance(900_000, 0));
        assertThat(restored.tryReserve(LINE, 100_001, ONE_DOLLAR)).isFalse();
        assertThat(restored.tryReserve(LINE, 100_000, ONE_DOLLAR)).isTrue();
        assertThat(restored.spentSnapshot()).containsExactlyEntriesOf(Map.of(LINE, 900_000L));
    }
}
