package dev.heimdall.cluster.store;

import dev.heimdall.governance.budget.LedgerKey;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The {@code budget_spend} table: settled spend per ledger line, overwritten with absolute values. */
final class SpendTable {

    private static final String LOAD = "SELECT owner, budget, period_start, spent_micros FROM budget_spend "
            + "WHERE period_start >= ?";
    private static final String SAVE = "INSERT INTO budget_spend (owner, budget, period_start, spent_micros) "
            + "VALUES (?, ?, ?, ?) ON CONFLICT (owner, budget, period_start) "
            + "DO UPDATE SET spent_micros = excluded.spent_micros";
    /** Every writer touches rows in this order, so two concurrent snapshots cannot deadlock on PostgreSQL. */
    private static final Comparator<LedgerKey> ROW_ORDER = Comparator.comparing(LedgerKey::owner)
            .thenComparing(LedgerKey::budget).thenComparingLong(LedgerKey::periodStartMillis);

    private final StoreDatabase database;

    SpendTable(StoreDatabase database) {
        this.database = database;
    }

    Map<LedgerKey, Long> load(long sinceMillis) {
        return database.read(connection -> {
            try (PreparedStatement select = connection.prepareStatement(LOAD)) {
                select.setLong(1, sinceMillis);
                try (ResultSet rows = select.executeQuery()) {
                    Map<LedgerKey, Long> spend = new HashMap<>();
                    while (rows.next()) {
                        spend.put(new LedgerKey(rows.getString(1), rows.getString(2), rows.getLong(3)), rows.getLong(4));
                    }
                    return spend;
                }
            }
        });
    }

    void save(Map<LedgerKey, Long> spend) {
        if (spend.isEmpty()) {
            return;
        }
        List<LedgerKey> keys = spend.keySet().stream().sorted(ROW_ORDER).toList();
        database.write(connection -> {
            try (PreparedStatement upsert = connection.prepareStatement(SAVE)) {
                for (LedgerKey key : keys) {
                    upsert.setString(1, key.owner());
                    upsert.setString(2, key.budget());
                    upsert.setLong(3, key.periodStartMillis());
                    upsert.setLong(4, spend.get(key));
                    upsert.addBatch();
                }
                return upsert.executeBatch();
            }
        });
    }
}
