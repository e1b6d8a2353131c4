package dev.heimdall.governance.store.json;

import dev.heimdall.governance.keys.Authentication;
import dev.heimdall.governance.keys.GovernanceSnapshot;
import dev.heimdall.governance.keys.KeyHash;
import dev.heimdall.governance.store.EntityKind;
import dev.heimdall.governance.store.InMemoryGovernanceStore;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class GovernanceSnapshotsTest {

    @Test
    void buildsTheKeySnapshotFromStoredDocuments() {
        InMemoryGovernanceStore store = new InMemoryGovernanceStore();
        store.put(EntityKind.CUSTOMER, "acme", "{\"id\": \"acme\"}", 0, "api");
        store.put(EntityKind.TEAM, "ml", "{\"id\": \"ml\", \"customer\": \"acme\"}", 0, "api");
        store.put(EntityKind.ACCESS_PROFILE, "batch", "{\"id\": \"batch\", \"allowed-models\": [\"groq/*\"]}", 0, "api");
        store.put(EntityKind.VIRTUAL_KEY, "vk-1", "{\"id\": \"vk-1\", \"team\": \"ml\", \"profile\": \"batch\", \"hash\": \""
                + KeyHash.of("hk-secret").hex() + "\"}", 0, "api");

        GovernanceSnapshot snapshot = GovernanceSnapshots.load(store);
        Authentication authentication = snapshot.authenticate("hk-secret", Instant.now());
        assertThat(authentication).isInstanceOfSatisfying(Authentication.Authenticated.class, a -> {
            assertThat(a.context().customer().id()).isEqualTo("acme");
            assertThat(a.context().policy().allowedModels()).containsExactly("groq/*");
        });
    }

    @Test
    void namesTheDocumentThatIsNotValid() {
        InMemoryGovernanceStore store = new InMemoryGovernanceStore();
        store.put(EntityKind.TEAM, "ml", "{\"id\": \"ml\", \"budgets\": 3}", 0, "config");
        assertThatThrownBy(() -> GovernanceSnapshots.load(store))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("teams/ml is not a valid document: budgets: expected a list of budgets");
    }
}
