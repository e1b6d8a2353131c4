package dev.heimdall.cluster.store;

import dev.heimdall.governance.store.UsageQuery;
import dev.heimdall.governance.store.UsageRecord;
import dev.heimdall.governance.store.UsageTotal;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** The {@code usage_hourly} table: usage summed per hour, key, provider and model. */
final class UsageTable {

    private static final String ADD = "INSERT INTO usage_hourly (hour_start, key_id, provider, model, team_id, "
            + "customer_id, requests, input_tokens, output_tokens, cached_tokens, cost_micros) "
            + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (hour_start, key_id, provider, model) DO UPDATE SET "
            + "team_id = excluded.team_id, customer_id = excluded.customer_id, "
            + "requests = usage_hourly.requests + excluded.requests, "
            + "input_tokens = usage_hourly.input_tokens + excluded.input_tokens, "
            + "output_tokens = usage_hourly.output_tokens + excluded.output_tokens, "
            + "cached_tokens = usage_hourly.cached_tokens + excluded.cached_tokens, "
            + "cost_micros = usage_hourly.cost_micros + excluded.cost_micros";
    /** Every writer touches rows in this order, so two concurrent additions cannot deadlock on PostgreSQL. */
    private static final Comparator<UsageRecord> ROW_ORDER = Comparator.comparingLong(UsageRecord::hourStartMillis)
            .thenComparing(UsageRecord::keyId).thenComparing(UsageRecord::provider).thenComparing(UsageRecord::model);

    private final StoreDatabase database;

    UsageTable(StoreDatabase database) {
        this.database = database;
    }

    void add(List<UsageRecord> records) {
        if (records.isEmpty()) {
            return;
        }
        List<UsageRecord> ordered = records.stream().sorted(ROW_ORDER).toList();
        database.write(connection -> {
            try (PreparedStatement upsert = connection.prepareStatement(ADD)) {
                for (UsageRecord record : ordered) {
                    upsert.setLong(1, record.hourStartMillis());
                    upsert.setString(2, record.keyId());
                    upsert.setString(3, record.provider());
                    upsert.setString(4, record.model());
                    upsert.setString(5, record.teamId());
                    upsert.setString(6, record.customerId());
                    upsert.setLong(7, record.requests());
                    upsert.setLong(8, record.inputTokens());
                    upsert.setLong(9, record.outputTokens());
                    upsert.setLong(10, record.cachedTokens());
                    upsert.setLong(11, record.costMicros());
                    upsert.addBatch();
                }
                return upsert.executeBatch();
            }
        });
    }

    List<UsageTotal> totals(UsageQuery query) {
        String group = column(query.groupBy());
        StringBuilder sql = new StringBuilder("SELECT ").append(group).append(", SUM(requests), SUM(input_tokens), "
                + "SUM(output_tokens), SUM(cached_tokens), SUM(cost_micros) FROM usage_hourly "
                + "WHERE hour_start >= ? AND hour_start < ?");
        List<String> filters = new ArrayList<>();
        filter(sql, filters, "key_id", query.keyId());
        filter(sql, filters, "team_id", query.teamId());
        filter(sql, filters, "customer_id", query.customerId());
        // rows without a team (or customer) form one group, listed last on every database
        sql.append(" GROUP BY ").append(group).append(" ORDER BY ").append(group).append(" IS NULL, ").append(group);
        return database.read(connection -> {
            try (PreparedStatement select = connection.prepareStatement(sql.toString())) {
                select.setLong(1, query.fromMillis());
                select.setLong(2, query.toMillis());
                for (int i = 0; i < filters.size(); i++) {
                    select.setString(3 + i, filters.get(i));
                }
                try (ResultSet rows = select.executeQuery()) {
                    List<UsageTotal> totals = new ArrayList<>();
                    while (rows.next()) {
                        totals.add(new UsageTotal(rows.getString(1), rows.getLong(2), rows.getLong(3), rows.getLong(4),
                                rows.getLong(5), rows.getLong(6)));
                    }
                    return totals;
                }
            }
        });
    }

    private static void filter(StringBuilder sql, List<String> values, String column, String value) {
        if (value != null) {
            sql.append(" AND ").append(column).append(" = ?");
            values.add(value);
        }
    }

    private static String column(UsageQuery.GroupBy groupBy) {
        return switch (groupBy) {
            case KEY -> "key_id";
            case TEAM -> "team_id";
            case CUSTOMER -> "customer_id";
            case PROVIDER -> "provider";
            case MODEL -> "model";
        };
    }
}
