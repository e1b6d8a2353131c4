package dev.heimdall.node.pipeline;

import dev.heimdall.governance.health.HealthSettings;
import dev.heimdall.governance.keys.Authentication;
import dev.heimdall.governance.keys.GovernanceSnapshot;
import dev.heimdall.governance.keys.KeyContext;
import dev.heimdall.governance.keys.KeyHash;
import dev.heimdall.governance.keys.Team;
import dev.heimdall.governance.keys.VirtualKey;
import dev.heimdall.governance.health.LocalHealthBoard;
import dev.heimdall.governance.health.Observation;
import dev.heimdall.governance.health.TargetId;
import dev.heimdall.governance.routing.EffectiveWeights;
import dev.heimdall.governance.routing.FallbackPlan;
import dev.heimdall.governance.routing.FallbackSource;
import dev.heimdall.governance.routing.KeyOption;
import dev.heimdall.governance.routing.KeyPool;
import dev.heimdall.governance.routing.ModelAlias;
import dev.heimdall.governance.routing.RouteDecision;
import dev.heimdall.governance.routing.RouteTable;
import dev.heimdall.governance.routing.Target;
import dev.heimdall.governance.routing.rules.RoutingRule;
import dev.heimdall.governance.routing.rules.RuleSet;
import dev.heimdall.node.observability.GatewayMetrics;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

class RequestRouterTest {

    private final Target openai = new Target("openai", "gpt-4o", 9, null);
    private final Target anthropic = new Target("anthropic", "claude-sonnet-4-5", 1, null);
    private final LocalHealthBoard health = new LocalHealthBoard(HealthSettings.DEFAULT);
    private final RequestRouter router = new RequestRouter(
            new RouteTable(Map.of("smart", new ModelAlias("smart", List.of(openai, anthropic),
                    List.of(Target.of("openai", "gpt-4o-mini")))), Set.of("openai", "anthropic")),
            RuleSet.EMPTY, Map.of(),
            new EffectiveWeights(Map.of("openai", new KeyPool(List.of(new KeyOption("main", 1, List.of()))),
                    "anthropic", new KeyPool(List.of())), health),
            Clock.systemUTC(), ZoneOffset.UTC, new GatewayMetrics());

    @Test
    void theCallersKeyChainComesBeforeTheAliasesAndAfterTheRequestsOwn() {
        RouteQuery query = RouteQuery.of("smart").withKeyFallbacks(List.of(Target.of("anthropic", "claude-haiku")));

        RouteDecision byKey = router.decide(query, "openai").orElseThrow();
        assertThat(byKey.fallbackSource()).isEqualTo(FallbackSource.KEY);
        FallbackPlan plan = router.route(query, new RequestScope("r", "openai", 0)).orElseThrow();
        assertThat(plan.attempts()).endsWith(Target.of("anthropic", "claude-haiku")).hasSize(3);

        RouteDecision byRequest = router.decide(query.withFallbacks(List.of("openai/gpt-4.1")), "openai").orElseThrow();
        assertThat(byRequest.fallbackSource()).isEqualTo(FallbackSource.REQUEST);
    }

    @Test
    void healthyButNoisyTargetsKeepTheConfiguredSplitWithinTwoPercentOverTenThousandRequests() {
        SplittableRandom random = new SplittableRandom(17);
        for (int i = 0; i < 300; i++) {
            // answers between 0.5 and 1.5 s, as real models give them: no target is slower than its own normal
            health.observe(Observation.success(new TargetId("openai", "main", "gpt-4o"), random.nextLong(500, 1_500) * 1_000_000L, -1));
            health.observe(Observation.success(new TargetId("anthropic", TargetId.NO_KEY, "claude-sonnet-4-5"),
                    random.nextLong(500, 1_500) * 1_000_000L, -1));
        }
        int toOpenAi = 0;
        for (int i = 0; i < 10_000; i++) {
            FallbackPlan plan = router.route(RouteQuery.of("smart"), new RequestScope("r", "openai", 0)).orElseThrow();
            toOpenAi += plan.primary().equals(openai) ? 1 : 0;
        }
        assertThat(toOpenAi / 10_000.0).isBetween(0.88, 0.92);
    }

    @Test
    void aTargetWhoseCircuitIsOpenIsTriedLastEvenWithTheLargerWeight() {
        for (int i = 0; i < 5; i++) {
            health.observe(Observation.failure(new TargetId("openai", "main", "gpt-4o")));
        }
        for (int i = 0; i < 20; i++) {
            FallbackPlan plan = router.route(RouteQuery.of("smart"), new RequestScope("r", "openai", 0)).orElseThrow();
            assertThat(plan.attempts()).startsWith(anthropic, openai);
        }
    }

    @Test
    void aKeyMovedToAnotherTeamIsRoutedByItsNewTeamOnceTheNewSnapshotArrives() {
        RequestRouter byTeam = new RequestRouter(
                new RouteTable(Map.of(), Set.of("openai", "anthropic")),
                RuleSet.compile(List.of(new RoutingRule("ml-to-claude", "key.team == \"ml\"", anthropic, null, null))),
                Map.of(), new EffectiveWeights(Map.of(), health), Clock.systemUTC(), ZoneOffset.UTC,
                new GatewayMetrics());
        RouteQuery query = RouteQuery.of("openai/gpt-4o");

        for (int i = 0; i < 2; i++) {
            assertThat(byTeam.route(query, scopeOf(keyInTeam("ml"))).orElseThrow().primary().provider())
                    .isEqualTo("anthropic");
        }
        assertThat(byTeam.route(query, scopeOf(keyInTeam("ops"))).orElseThrow().primary().provider())
                .isEqualTo("openai");
    }

    /** The context of key "dev" in a fresh snapshot where it belongs to {@code team}. */
    private static KeyContext keyInTeam(String team) {
        Instant now = Instant.parse("2026-11-25T10:00:00Z");
        VirtualKey key = new VirtualKey("dev", null, KeyHash.of("hk-dev"), "hk-...dev", null, null, team, null, null,
                true, null, Map.of(), now);
        GovernanceSnapshot snapshot = GovernanceSnapshot.of(List.of(),
                List.of(new Team(team, null, null, List.of(), null, Map.of())), List.of(), List.of(key));
        return ((Authentication.Authenticated) snapshot.authenticate("hk-dev", now)).context();
    }

    private static RequestScope scopeOf(KeyContext key) {
        RequestScope scope = new RequestScope("r", "openai", 0);
        scope.keyContext(key, 0);
        return scope;
    }
}
