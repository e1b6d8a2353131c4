package dev.heimdall.cluster.store;

import dev.heimdall.governance.store.EntityKind;
import dev.heimdall.governance.store.EntityWrite;
import dev.heimdall.governance.store.ExpectedVersion;
import dev.heimdall.governance.store.StoredEntity;
import dev.heimdall.governance.store.VersionConflictException;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The {@code entities} table: one versioned JSON document per (kind, id). Every write checks the expected version in
 * the same statement that writes, so two writers that read the same version cannot both succeed.
 */
final class EntityTable {

    private static final String COLUMNS = "SELECT id, json, version, updated_at, origin FROM entities ";
    private static final String LIST = COLUMNS + "WHERE kind = ? ORDER BY id";
    private static final String GET = COLUMNS + "WHERE kind = ? AND id = ?";
    private static final String VERSION = "SELECT version FROM entities WHERE kind = ? AND id = ?";
    private static final String CREATE = "INSERT INTO entities (json, updated_at, origin, kind, id, version) "
            + "VALUES (?, ?, ?, ?, ?, 1) ON CONFLICT (kind, id) DO NOTHING";
    private static final String UPDATE = "UPDATE entities SET json = ?, updated_at = ?, origin = ?, "
            + "version = version + 1 WHERE kind = ? AND id = ? AND version = ?";
    private static final String UPSERT = "INSERT INTO entities (json, updated_at, origin, kind, id, version) "
            + "VALUES (?, ?, ?, ?, ?, 1) ON CONFLICT (kind, id) DO UPDATE SET json = excluded.json, "
            + "updated_at = excluded.updated_at, origin = excluded.origin, version = entities.version + 1 "
            + "RETURNING version";
    private static final String DELETE = "DELETE FROM entities WHERE kind = ? AND id = ?";

    private final StoreDatabase database;

    EntityTable(StoreDatabase database) {
        this.database = database;
    }

    List<StoredEntity> list(EntityKind kind) {
        return database.read(connection -> {
            try (PreparedStatement select = connection.prepareStatement(LIST)) {
                select.setString(1, kind.path());
                try (ResultSet rows = select.executeQuery()) {
                    List<StoredEntity> entities = new ArrayList<>();
                    while (rows.next()) {
                        entities.add(entity(kind, rows));
                    }
                    return entities;
                }
            }
        });
    }

    Optional<StoredEntity> get(EntityKind kind, String id) {
        return database.read(connection -> {
            try (PreparedStatement select = connection.prepareStatement(GET)) {
                select.setString(1, kind.path());
                select.setString(2, id);
                try (ResultSet rows = select.executeQuery()) {
                    return rows.next() ? Optional.of(entity(kind, rows)) : Optional.empty();
                }
            }
        });
    }

    StoredEntity put(EntityWrite write, Instant now) {
        long expected = write.expectedVersion();
        long version = database.write(connection -> {
            // a failed conditional write reads the version to report it; should the row have changed back to the
            // expected version in between (deleted, then created again), the write is simply tried again
            while (true) {
                if (expected == ExpectedVersion.ANY) {
                    return upsert(connection, write, now);
                }
                String sql = expected == ExpectedVersion.ABSENT ? CREATE : UPDATE;
                try (PreparedStatement statement = connection.prepareStatement(sql)) {
                    bind(statement, write, now);
                    if (expected != ExpectedVersion.ABSENT) {
                        statement.setLong(6, expected);
                    }
                    if (statement.executeUpdate() == 1) {
                        return expected + 1;
                    }
                }
                long actual = version(connection, write.kind(), write.id());
                if (actual != expected) {
                    throw new VersionConflictException(write.kind(), write.id(), expected, actual);
                }
            }
        });
        return write.stored(version, now);
    }

    boolean delete(EntityKind kind, String id) {
        return database.write(connection -> {
            try (PreparedStatement delete = connection.prepareStatement(DELETE)) {
                delete.setString(1, kind.path());
                delete.setString(2, id);
                return delete.executeUpdate() == 1;
            }
        });
    }

    private static long upsert(Connection connection, EntityWrite write, Instant now) throws SQLException {
        try (PreparedStatement upsert = connection.prepareStatement(UPSERT)) {
            bind(upsert, write, now);
            try (ResultSet written = upsert.executeQuery()) {
                written.next();
                return written.getLong(1);
            }
        }
    }

    private static long version(Connection connection, EntityKind kind, String id) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(VERSION)) {
            select.setString(1, kind.path());
            select.setString(2, id);
            try (ResultSet rows = select.executeQuery()) {
                return rows.next() ? rows.getLong(1) : 0;
            }
        }
    }

    /** The five parameters CREATE, UPDATE and UPSERT share, in the order they all list them. */
    private static void bind(PreparedStatement statement, EntityWrite write, Instant now) throws SQLException {
        statement.setString(1, write.json());
        statement.setLong(2, now.toEpochMilli());
        statement.setString(3, write.origin());
        statement.setString(4, write.kind().path());
        statement.setString(5, write.id());
    }

    private static StoredEntity entity(EntityKind kind, ResultSet row) throws SQLException {
        return new StoredEntity(kind, row.getString("id"), row.getString("json"), row.getLong("version"),
                Instant.ofEpochMilli(row.getLong("updated_at")), row.getString("origin"));
    }
}
