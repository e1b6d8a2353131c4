package dev.heimdall.cluster.store;

import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.UUID;

class SqliteGovernanceStoreTest extends JdbcGovernanceStoreContract {

    @TempDir
    static Path directory;

    @Override
    protected StorageConfig newDatabase() {
        return StorageConfig.of("jdbc:sqlite:" + directory.resolve(UUID.randomUUID() + ".db"));
    }
}
