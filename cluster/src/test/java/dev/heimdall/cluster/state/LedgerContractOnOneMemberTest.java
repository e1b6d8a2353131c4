package dev.heimdall.cluster.state;

import dev.heimdall.governance.budget.BudgetLedger;
import dev.heimdall.governance.budget.BudgetLedgerContract;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The budget ledger contract against the leased ledger on a cluster of one, the ledger on its first member. */
class LedgerContractOnOneMemberTest extends BudgetLedgerContract {

    private static ContractStates states;

    @BeforeAll
    static void startCluster() {
        states = new ContractStates(1, LINE.periodStartMillis());
    }

    @AfterAll
    static void stopCluster() {
        states.close();
    }

    @Override
    protected BudgetLedger newLedger() {
        return states.fresh().ledger();
    }
}
