package dev.heimdall.cluster.store;

import dev.heimdall.governance.store.EntityKind;
import dev.heimdall.governance.store.ExpectedVersion;
import dev.heimdall.governance.store.GovernanceStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class GovernanceStoresTest {

    @TempDir
    Path directory;

    @Test
    void opensASqliteFileInDirectoriesThatDoNotExistYet() {
        Path file = directory.resolve("data/nested/heimdall.db");

        try (GovernanceStore store = GovernanceStores.open("jdbc:sqlite:" + file)) {
            store.put(EntityKind.TEAM, "ml", "{}", ExpectedVersion.ABSENT, "api");
        }

        assertThat(file).isRegularFile();
    }

    @Test
    void putsTheSqliteFileInWalModeSoReadsGoOnDuringAWrite() throws SQLException {
        Path file = directory.resolve("heimdall.db");
        GovernanceStores.open("jdbc:sqlite:" + file).close();

        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file);
             Statement statement = connection.createStatement();
             ResultSet mode = statement.executeQuery("PRAGMA journal_mode")) {
            mode.next();
            assertThat(mode.getString(1)).isEqualTo("wal");
        }
    }

    @Test
    void refusesAnInMemorySqliteDatabase() {
        for (String url : new String[] {"jdbc:sqlite::memory:", "jdbc:sqlite:", "jdbc:sqlite:file:x?mode=memory"}) {
            assertThatThrownBy(() -> GovernanceStores.open(url))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("in-memory");
        }
    }

    @Test
    void refusesADatabaseItHasNoDialectFor() {
        assertThatThrownBy(() -> GovernanceStores.open("jdbc:mysql://127.0.0.1/heimdall"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("jdbc:sqlite:")
                .hasMessageContaining("jdbc:postgresql:")
                .hasMessageContaining("jdbc:mysql://127.0.0.1/heimdall");
    }

    @Test
    void namesTheUrlWhenTheDatabaseDoesNotAnswer() {
        String nobodyListens = "jdbc:postgresql://127.0.0.1:1/heimdall";

        assertThatThrownBy(() -> GovernanceStores.open(new StorageConfig(nobodyListens, "postgres", "secret", 2)))
                .isInstanceOf(StorageException.class)
                .hasMessageContaining(nobodyListens)
                .hasMessageNotContaining("secret");
    }

    @Test
    void configNeverPrintsThePasswordAndNeedsAUrlAndAConnection() {
        assertThat(new StorageConfig("jdbc:postgresql://db/h", "heimdall", "s3cret", 4).toString())
                .contains("jdbc:postgresql://db/h", "heimdall")
                .doesNotContain("s3cret");
        assertThatThrownBy(() -> new StorageConfig(" ", null, null, 4)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new StorageConfig("jdbc:sqlite:x.db", null, null, 0))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
