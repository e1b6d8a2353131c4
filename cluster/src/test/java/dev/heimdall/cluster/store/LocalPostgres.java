package dev.heimdall.cluster.store;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The machine's PostgreSQL (127.0.0.1:5432, trust auth, database {@code test}) that development and CI machines
 * run. A test class gets a schema of its own, so test runs in parallel do not see each other, and drops it at the
 * end. A server that does not answer fails the test: this suite is how the PostgreSQL store is checked.
 */
final class LocalPostgres {

    private static final String SERVER = "jdbc:postgresql://127.0.0.1:5432/test";
    private static final String USER = "postgres";

    private final String schema = "heimdall_test_" + UUID.randomUUID().toString().replace("-", "");
    private boolean created;

    /**
     * The storage config of this run's schema, emptied: the first call creates the schema (the store migrates it),
     * later calls delete every row of the store's tables and keep their migrated structure.
     */
    StorageConfig emptySchema(int poolSize) {
        if (created) {
            deleteAllRows();
        } else {
            execute("CREATE SCHEMA " + schema);
            created = true;
        }
        return new StorageConfig(SERVER + "?currentSchema=" + schema, USER, null, poolSize);
    }

    void dropSchema() {
        if (created) {
            execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
            created = false;
        }
    }

    private void deleteAllRows() {
        List<String> tables = new ArrayList<>();
        try (Connection connection = connect();
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT table_name FROM information_schema.tables "
                     + "WHERE table_schema = '" + schema + "' AND table_name <> 'flyway_schema_history'")) {
            while (rows.next()) {
                tables.add(schema + "." + rows.getString(1));
            }
        } catch (SQLException e) {
            throw unavailable("listing the tables of " + schema, e);
        }
        if (!tables.isEmpty()) {
            execute("TRUNCATE " + String.join(", ", tables));
        }
    }

    private static void execute(String sql) {
        try (Connection connection = connect(); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw unavailable(sql, e);
        }
    }

    private static Connection connect() throws SQLException {
        return DriverManager.getConnection(SERVER, USER, null);
    }

    private static AssertionError unavailable(String what, SQLException e) {
        return new AssertionError("PostgreSQL at " + SERVER + " (user " + USER + ") failed at '" + what + "': "
                + e.getMessage() + ". The PostgreSQL store is tested against the machine's server: start it "
                + "(.ci/run does: pg_ctlcluster --skip-systemctl-redirect <version> main start)", e);
    }
}
