package dev.heimdall.cluster.store;

import dev.heimdall.governance.audit.AuditCursor;
import dev.heimdall.governance.audit.AuditJson;
import dev.heimdall.governance.audit.AuditPage;
import dev.heimdall.governance.audit.AuditQuery;
import dev.heimdall.governance.audit.AuditRecord;
import dev.heimdall.governance.audit.AuditStore;
import dev.heimdall.governance.audit.RequestAudit;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code audit_records} table: each record as its JSON document, beside the columns it is filtered on. Inserts
 * skip ids stored already, so replaying a batch whose first write may have committed keeps each record once.
 */
final class AuditTable implements AuditStore {

    private static final String INSERT = "INSERT INTO audit_records (id, kind, time_ms, request_id, key_id, team_id, "
            + "model, provider, status, rule, record) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING";
    private static final String DELETE = "DELETE FROM audit_records WHERE id IN "
            + "(SELECT id FROM audit_records WHERE time_ms < ? ORDER BY time_ms LIMIT ?)";
    /** A database that takes longer than this over a batch counts as down: the batch goes to the spill file. */
    private static final int WRITE_TIMEOUT_SECONDS = 10;

    private final StoreDatabase database;

    AuditTable(StoreDatabase database) {
        this.database = database;
    }

    @Override
    public int insert(List<AuditRecord> records) {
        if (records.isEmpty()) {
            return 0;
        }
        return database.write(connection -> {
            try (PreparedStatement insert = connection.prepareStatement(INSERT)) {
                insert.setQueryTimeout(WRITE_TIMEOUT_SECONDS);
                for (AuditRecord record : records) {
                    bind(insert, record);
                    insert.addBatch();
                }
                int added = 0;
                for (int count : insert.executeBatch()) {
                    added += Math.max(0, count);
                }
                return added;
            }
        });
    }

    @Override
    public AuditPage page(AuditQuery query) {
        StringBuilder sql = new StringBuilder("SELECT record FROM audit_records WHERE time_ms >= ? AND time_ms < ?");
        List<Object> values = new ArrayList<>();
        values.add(query.fromMillis());
        values.add(query.toMillis());
        // admin records leave the request columns empty: the request filters pass over them by themselves
        filter(sql, values, "kind", query.kind() == null ? null : query.kind().wireName());
        filter(sql, values, "key_id", query.keyId());
        filter(sql, values, "team_id", query.teamId());
        filter(sql, values, "model", query.model());
        filter(sql, values, "provider", query.provider());
        filter(sql, values, "rule", query.rule());
        filter(sql, values, "request_id", query.requestId());
        if (query.status() != null) {
            if (query.status().single()) {
                filter(sql, values, "status", query.status().min());
            } else {
                sql.append(" AND status BETWEEN ? AND ?");
                values.add(query.status().min());
                values.add(query.status().max());
            }
        }
        if (query.after() != null) {
            sql.append(" AND (time_ms, id) < (?, ?)");
            values.add(query.after().timeMillis());
            values.add(query.after().id());
        }
        // one more than the page, to know whether another page follows
        sql.append(" ORDER BY time_ms DESC, id DESC LIMIT ?");
        values.add(query.limit() + 1);
        List<AuditRecord> records = database.read(connection -> {
            try (PreparedStatement select = connection.prepareStatement(sql.toString())) {
                for (int i = 0; i < values.size(); i++) {
                    select.setObject(i + 1, values.get(i));
                }
                try (ResultSet rows = select.executeQuery()) {
                    List<AuditRecord> page = new ArrayList<>();
                    while (rows.next()) {
                        page.add(AuditJson.read(rows.getString(1)));
                    }
                    return page;
                }
            }
        });
        if (records.size() <= query.limit()) {
            return new AuditPage(records, null);
        }
        List<AuditRecord> page = records.subList(0, query.limit());
        return new AuditPage(page, AuditCursor.of(page.get(page.size() - 1)));
    }

    @Override
    public int deleteBefore(long cutoffMillis, int max) {
        return database.write(connection -> {
            try (PreparedStatement delete = connection.prepareStatement(DELETE)) {
                delete.setLong(1, cutoffMillis);
                delete.setInt(2, max);
                return delete.executeUpdate();
            }
        });
    }

    private static void filter(StringBuilder sql, List<Object> values, String column, Object value) {
        if (value != null) {
            sql.append(" AND ").append(column).append(" = ?");
            values.add(value);
        }
    }

    private static void bind(PreparedStatement insert, AuditRecord record) throws SQLException {
        insert.setString(1, record.id());
        insert.setString(2, record.kind().wireName());
        insert.setLong(3, record.timeMillis());
        if (record instanceof RequestAudit request) {
            insert.setString(4, request.requestId());
            insert.setString(5, request.keyId());
            insert.setString(6, request.teamId());
            insert.setString(7, request.model());
            insert.setString(8, request.provider());
            insert.setInt(9, request.status());
            insert.setString(10, request.rule());
        } else {
            for (int column = 4; column <= 10; column++) {
                insert.setNull(column, column == 9 ? Types.INTEGER : Types.VARCHAR);
            }
        }
        insert.setString(11, AuditJson.write(record).toString());
    }
}
