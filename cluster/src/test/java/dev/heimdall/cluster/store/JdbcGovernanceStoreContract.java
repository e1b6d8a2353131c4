package dev.heimdall.cluster.store;

import dev.heimdall.governance.budget.LedgerKey;
import dev.heimdall.governance.store.EntityKind;
import dev.heimdall.governance.store.ExpectedVersion;
import dev.heimdall.governance.store.GovernanceStore;
import dev.heimdall.governance.store.GovernanceStoreContract;
import dev.heimdall.governance.store.StoredEntity;
import dev.heimdall.governance.store.UsageQuery;
import dev.heimdall.governance.store.UsageTotal;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The governance store contract on a real database, plus what only a durable store promises: its state outlives
 * the store, and opening it again migrates nothing twice.
 */
abstract class JdbcGovernanceStoreContract extends GovernanceStoreContract {

    private StorageConfig config;

    /** A database (or schema) of its own for one test, empty. */
    protected abstract StorageConfig newDatabase();

    @Override
    protected GovernanceStore openEmpty(Clock clock) {
        config = newDatabase();
        return GovernanceStores.open(config, clock);
    }

    @Test
    void everythingWrittenIsThereAfterTheStoreIsClosedAndOpenedAgain() {
        long hour = T0.toEpochMilli();
        LedgerKey line = new LedgerKey("team:ml", "monthly", hour);
        store.put(EntityKind.VIRTUAL_KEY, "vk1", "{\"v\":1}", ExpectedVersion.ABSENT, "config");
        StoredEntity updated = store.put(EntityKind.VIRTUAL_KEY, "vk1", "{\"v\":2}", 1, "api");
        store.saveSpend(Map.of(line, 4_200_000L));
        store.addUsage(List.of(usage(hour, "vk1", "ml", "acme", "openai", "gpt-4o", 3, 30, 3, 0, 300)));

        reopen();

        assertThat(store.list(EntityKind.VIRTUAL_KEY)).containsExactly(updated);
        assertThat(store.put(EntityKind.VIRTUAL_KEY, "vk1", "{\"v\":3}", 2, "api").version()).isEqualTo(3);
        assertThat(store.loadSpend(0)).containsExactlyEntriesOf(Map.of(line, 4_200_000L));
        store.addUsage(List.of(usage(hour, "vk1", "ml", "acme", "openai", "gpt-4o", 1, 10, 1, 0, 100)));
        assertThat(store.usage(query(hour, hour + HOUR, UsageQuery.GroupBy.KEY)))
                .containsExactly(new UsageTotal("vk1", 4, 40, 4, 0, 400));
    }

    @Test
    void openingTheStoreAgainAppliesEachMigrationOnce() throws SQLException {
        List<String> applied = appliedMigrations();

        reopen();
        reopen();

        assertThat(applied).isNotEmpty().allMatch(line -> line.endsWith("ok"));
        assertThat(appliedMigrations()).isEqualTo(applied);
    }

    private void reopen() {
        store.close();
        store = GovernanceStores.open(config, clock);
    }

    private List<String> appliedMigrations() throws SQLException {
        try (Connection connection = DriverManager.getConnection(config.url(), config.user(), config.password());
             Statement select = connection.createStatement();
             ResultSet rows = select.executeQuery(
                     "SELECT version, script, success FROM flyway_schema_history ORDER BY installed_rank")) {
            List<String> applied = new java.util.ArrayList<>();
            while (rows.next()) {
                applied.add(rows.getString(1) + " " + rows.getString(2) + " " + (rows.getBoolean(3) ? "ok" : "failed"));
            }
            return applied;
        }
    }
}
