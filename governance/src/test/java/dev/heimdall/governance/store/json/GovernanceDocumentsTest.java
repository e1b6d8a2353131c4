package dev.heimdall.governance.store.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.heimdall.governance.budget.BudgetPeriod;
import dev.heimdall.governance.budget.BudgetSpec;
import dev.heimdall.governance.keys.AccessProfile;
import dev.heimdall.governance.keys.Customer;
import dev.heimdall.governance.keys.KeyHash;
import dev.heimdall.governance.keys.Team;
import dev.heimdall.governance.keys.VirtualKey;
import dev.heimdall.governance.limits.RateLimitSpec;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class GovernanceDocumentsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void customersAndTeamsRoundTrip() throws Exception {
        Customer customer = GovernanceDocuments.customer(json("""
                {"id": "acme", "name": "Acme", "tags": {"tier": "gold"},
                 "budgets": [{"usd": 1000.25, "period": "monthly"}, {"name": "burst", "usd": 0.000001, "period": "rolling", "window": "36h"}],
                 "rate-limit": {"requests-per-minute": 600, "tokens-per-day": 5000000}}
                """));
        assertThat(customer.budgets()).containsExactly(
                BudgetSpec.calendar("monthly", 1_000_250_000, BudgetPeriod.MONTHLY),
                new BudgetSpec("burst", 1, BudgetPeriod.ROLLING, Duration.ofHours(36)));
        assertThat(customer.rateLimit()).isEqualTo(new RateLimitSpec(600, 0, 0, 0, 0, 5_000_000));
        assertThat(GovernanceDocuments.customer(GovernanceDocuments.write(customer))).isEqualTo(customer);
        assertThat(GovernanceDocuments.write(customer).toString()).contains("\"usd\":1000.25", "\"usd\":0.000001",
                "\"window\":\"36h\"");

        Team team = GovernanceDocuments.team(json("{\"id\": \"ml\", \"customer\": \"acme\", \"budgets\": [{\"usd\": 7, \"period\": \"weekly\"}]}"));
        assertThat(team.customerId()).isEqualTo("acme");
        assertThat(GovernanceDocuments.team(GovernanceDocuments.write(team))).isEqualTo(team);
        assertThat(GovernanceDocuments.write(team).toString()).contains("\"usd\":7,");
    }

    @Test
    void aPolicyKeepsUnsetApartFromEmpty() throws Exception {
        AccessProfile profile = GovernanceDocuments.profile(json("""
                {"id": "batch", "allowed-models": [], "provider-rate-limits": {"openai": {"requests-per-hour": 10}},
                 "fallbacks": ["smart"]}
                """));
        assertThat(profile.policy().allowedModels()).isEmpty();
        assertThat(profile.policy().allowedProviders()).isNull();
        assertThat(profile.policy().budgets()).isNull();
        assertThat(profile.policy().providerRateLimits().get("openai").requestsPerHour()).isEqualTo(10);
        assertThat(GovernanceDocuments.profile(GovernanceDocuments.write(profile))).isEqualTo(profile);
    }

    @Test
    void aVirtualKeyIsStoredWithItsHashesAndShownWithout() throws Exception {
        VirtualKey key = new VirtualKey("vk-1", "ci", KeyHash.of("hk-new"), "hk-...new", KeyHash.of("hk-old"),
                Instant.parse("2026-12-01T00:00:00Z"), "ml", "batch", GovernanceDocuments.profile(json(
                        "{\"id\": \"x\", \"allowed-providers\": [\"openai\"]}")).policy(), false,
                Instant.parse("2027-01-01T00:00:00Z"), java.util.Map.of("env", "ci"), Instant.parse("2026-11-01T00:00:00Z"));
        JsonNode stored = GovernanceDocuments.write(key);
        assertThat(GovernanceDocuments.virtualKey(stored)).isEqualTo(key);
        assertThat(stored.get("hash").asText()).isEqualTo(KeyHash.of("hk-new").hex());
        JsonNode shown = GovernanceDocuments.writeSettings(key);
        assertThat(shown.has("hash")).isFalse();
        assertThat(shown.has("previous-hash")).isFalse();
        assertThat(shown.get("previous-valid-until").asText()).isEqualTo("2026-12-01T00:00:00Z");
    }

    @Test
    void errorsNameThePathInsideTheDocument() {
        assertProblem("{\"id\": \"a\", \"budgets\": [{\"usd\": 1, \"period\": \"daily\"}, {\"usd\": -1, \"period\": \"daily\"}]}",
                "budgets[1].usd", "expected an amount in US dollars");
        assertProblem("{\"id\": \"a\", \"budgets\": [{\"usd\": 1, \"period\": \"yearly\"}]}",
                "budgets[0].period", "expected one of daily, weekly, monthly, quarterly, rolling, got \"yearly\"");
        assertProblem("{\"id\": \"a\", \"budgets\": [{\"usd\": 1, \"period\": \"rolling\", \"window\": \"30m\"}]}",
                "budgets[0].window", "at least 1h");
        assertProblem("{\"id\": \"a\", \"rate-limit\": {\"tokens-per-minute\": 1.5}}",
                "rate-limit.tokens-per-minute", "expected an integer");
        assertProblem("{\"id\": \"a b\"}", "id", "customer id must be");
        assertProblem("{\"id\": \"a\", \"tags\": {\"k\": 1}}", "tags.k", "expected a string");
        assertProblem("{\"name\": \"nameless\"}", "id", "expected an id");
        assertThatThrownBy(() -> GovernanceDocuments.profile(json("{\"id\": \"p\", \"allowed-models\": [\"a\", \"a\"]}")))
                .isInstanceOfSatisfying(DocumentException.class, e -> assertThat(e.field()).isEqualTo("allowed-models[1]"));
    }

    private static void assertProblem(String document, String field, String problem) {
        assertThatThrownBy(() -> GovernanceDocuments.customer(json(document)))
                .isInstanceOfSatisfying(DocumentException.class, e -> {
                    assertThat(e.field()).isEqualTo(field);
                    assertThat(e.problem()).contains(problem);
                });
    }

    private static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }
}
