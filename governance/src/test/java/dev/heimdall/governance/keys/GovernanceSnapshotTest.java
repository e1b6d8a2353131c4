package dev.heimdall.governance.keys;

import dev.heimdall.governance.budget.AppliedBudget;
import dev.heimdall.governance.budget.BudgetPeriod;
import dev.heimdall.governance.budget.BudgetSpec;
import dev.heimdall.governance.hierarchy.Level;
import dev.heimdall.governance.limits.AppliedLimit;
import dev.heimdall.governance.limits.LimitKind;
import dev.heimdall.governance.limits.LimitWindow;
import dev.heimdall.governance.limits.RateLimitSpec;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

class GovernanceSnapshotTest {

    private static final Instant NOW = Instant.parse("2026-11-25T10:00:00Z");

    private final Customer acme = new Customer("acme", "Acme", List.of(budget("monthly", 1_000)),
            new RateLimitSpec(1_000, 0, 0, 0, 0, 0), Map.of());
    private final Team ml = new Team("ml", null, "acme", List.of(budget("monthly", 100)),
            new RateLimitSpec(0, 500, 0, 0, 0, 0), Map.of());
    private final AccessProfile batch = new AccessProfile("batch", null, new PolicySpec(null, List.of("groq/*"),
            List.of(budget("monthly", 10)), new RateLimitSpec(60, 0, 0, 100_000, 0, 0),
            Map.of("groq", new RateLimitSpec(30, 0, 0, 0, 0, 0)), "default", null));

    private static BudgetSpec budget(String name, long dollars) {
        return BudgetSpec.calendar(name, dollars * 1_000_000, BudgetPeriod.MONTHLY);
    }

    private static VirtualKey key(String id, String secret, String team, String profile, PolicySpec overrides) {
        return new VirtualKey(id, null, KeyHash.of(secret), VirtualKeySecrets.hint(secret), null, null, team, profile,
                overrides, true, null, Map.of(), NOW);
    }

    private GovernanceSnapshot snapshot(VirtualKey... keys) {
        return GovernanceSnapshot.of(List.of(acme), List.of(ml), List.of(batch), List.of(keys));
    }

    private static KeyContext authenticated(Authentication outcome) {
        assertThat(outcome).isInstanceOf(Authentication.Authenticated.class);
        return ((Authentication.Authenticated) outcome).context();
    }

    @Test
    void aKeyAuthenticatesWithItsHierarchyAndEffectivePolicy() {
        PolicySpec overrides = new PolicySpec(null, List.of("groq/*", "openai/gpt-4o-mini"), null, null, null, null, null);
        GovernanceSnapshot snapshot = snapshot(key("dev", "hk-dev-secret", "ml", "batch", overrides));

        KeyContext context = authenticated(snapshot.authenticate("hk-dev-secret", NOW));

        assertThat(context.key().id()).isEqualTo("dev");
        assertThat(context.team()).isEqualTo(ml);
        assertThat(context.customer()).isEqualTo(acme);
        assertThat(context.policy().allowedModels()).containsExactly("groq/*", "openai/gpt-4o-mini");
        assertThat(context.policy().guardrails()).as("inherited from the profile").isEqualTo("default");
        assertThat(context.access().allows(null, "openai", "gpt-4o-mini")).isTrue();
        assertThat(context.access().allows(null, "openai", "gpt-4o")).isFalse();
    }

    @Test
    void limitsAndBudgetsOfEveryLevelArePrecomputedKeyFirst() {
        KeyContext context = snapshot(key("dev", "s1", "ml", "batch", null)).context("dev").orElseThrow();

        assertThat(context.limits()).extracting(AppliedLimit::subject, AppliedLimit::kind, AppliedLimit::window,
                AppliedLimit::limit).containsExactly(
                tuple("key:dev", LimitKind.REQUESTS, LimitWindow.MINUTE, 60L),
                tuple("key:dev", LimitKind.TOKENS, LimitWindow.MINUTE, 100_000L),
                tuple("team:ml", LimitKind.REQUESTS, LimitWindow.HOUR, 500L),
                tuple("customer:acme", LimitKind.REQUESTS, LimitWindow.MINUTE, 1_000L));
        assertThat(context.limitsOn("groq")).extracting(AppliedLimit::subject, AppliedLimit::limit)
                .containsExactly(tuple("key:dev/provider:groq", 30L));
        assertThat(context.limitsOn("openai")).isEmpty();
        assertThat(context.budgets()).extracting(b -> b.owner().level(), AppliedBudget::ledgerOwner,
                b -> b.spec().limitMicros()).containsExactly(
                tuple(Level.KEY, "key:dev", 10_000_000L),
                tuple(Level.TEAM, "team:ml", 100_000_000L),
                tuple(Level.CUSTOMER, "customer:acme", 1_000_000_000L));
    }

    @Test
    void aKeyWithoutTeamOrProfileHasOnlyItsOwnPolicy() {
        KeyContext context = snapshot(key("solo", "s1", null, null, null)).context("solo").orElseThrow();

        assertThat(context.team()).isNull();
        assertThat(context.customer()).isNull();
        assertThat(context.limits()).isEmpty();
        assertThat(context.budgets()).isEmpty();
        assertThat(context.access().unrestricted()).isTrue();
    }

    @Test
    void unknownDisabledAndExpiredSecretsAreRefused() {
        VirtualKey disabled = new VirtualKey("off", null, KeyHash.of("s-off"), "...", null, null, null, null, null,
                false, null, Map.of(), NOW);
        VirtualKey expiring = new VirtualKey("old", null, KeyHash.of("s-old"), "...", null, null, null, null, null,
                true, NOW.plusSeconds(60), Map.of(), NOW);
        GovernanceSnapshot snapshot = snapshot(disabled, expiring);

        assertThat(snapshot.authenticate("nobody", NOW)).isEqualTo(Authentication.UNKNOWN);
        assertThat(snapshot.authenticate("", NOW)).isEqualTo(Authentication.UNKNOWN);
        assertThat(snapshot.authenticate(null, NOW)).isEqualTo(Authentication.UNKNOWN);
        assertThat(snapshot.authenticate("s-off", NOW)).isEqualTo(new Authentication.Disabled(disabled));
        assertThat(((Authentication.Refused) snapshot.authenticate("s-off", NOW)).message())
                .isEqualTo("virtual key 'off' is disabled");
        assertThat(snapshot.authenticate("s-old", NOW.plusSeconds(59))).isInstanceOf(Authentication.Authenticated.class);
        assertThat(snapshot.authenticate("s-old", NOW.plusSeconds(60))).isEqualTo(new Authentication.Expired(expiring));
    }

    @Test
    void aRotatedOutSecretWorksUntilItsGracePeriodEndsThenIsUnknown() {
        VirtualKey rotated = new VirtualKey("dev", null, KeyHash.of("new-secret"), "...", KeyHash.of("old-secret"),
                NOW.plusSeconds(3_600), null, null, null, true, null, Map.of(), NOW);
        GovernanceSnapshot snapshot = snapshot(rotated);

        assertThat(snapshot.authenticate("new-secret", NOW.plusSeconds(7_200))).isInstanceOf(Authentication.Authenticated.class);
        assertThat(authenticated(snapshot.authenticate("old-secret", NOW.plusSeconds(3_599))).key()).isEqualTo(rotated);
        assertThat(snapshot.authenticate("old-secret", NOW.plusSeconds(3_600))).isEqualTo(Authentication.UNKNOWN);
    }

    @Test
    void everySuccessfulAuthenticationReturnsThePrecomputedAnswer() {
        GovernanceSnapshot snapshot = snapshot(key("dev", "s1", "ml", "batch", null));
        assertThat(snapshot.authenticate("s1", NOW)).isSameAs(snapshot.authenticate("s1", NOW));
    }

    @Test
    void brokenReferencesAreRejectedNamingTheEntity() {
        assertThatThrownBy(() -> snapshot(key("dev", "s1", "nope", null, null)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("virtual key 'dev' belongs to team 'nope', which does not exist");
        assertThatThrownBy(() -> snapshot(key("dev", "s1", null, "nope", null)))
                .hasMessage("virtual key 'dev' uses access profile 'nope', which does not exist");
        Team orphan = new Team("orphan", null, "ghost", null, null, null);
        assertThatThrownBy(() -> GovernanceSnapshot.of(List.of(), List.of(orphan), List.of(), List.of()))
                .hasMessage("team 'orphan' belongs to customer 'ghost', which does not exist");
    }

    @Test
    void duplicatesAreRejected() {
        assertThatThrownBy(() -> snapshot(key("dev", "s1", null, null, null), key("dev", "s2", null, null, null)))
                .hasMessage("virtual key 'dev' is defined twice");
        assertThatThrownBy(() -> snapshot(key("a", "same", null, null, null), key("b", "same", null, null, null)))
                .hasMessage("virtual keys 'a' and 'b' have the same secret");
        PolicySpec twoMonthly = new PolicySpec(null, null, List.of(budget("monthly", 1), budget("monthly", 2)),
                null, null, null, null);
        assertThatThrownBy(() -> snapshot(key("dev", "s1", null, null, twoMonthly)))
                .hasMessage("virtual key 'dev' has two budgets named 'monthly'");
    }
}
