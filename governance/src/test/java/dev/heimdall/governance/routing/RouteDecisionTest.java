package dev.heimdall.governance.routing;

import dev.heimdall.governance.routing.rules.RoutingRule;
import dev.heimdall.providers.spi.InvalidRequestException;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RouteDecisionTest {

    private final Target gpt4o = new Target("openai", "gpt-4o", 70, null);
    private final Target sonnet = new Target("anthropic", "claude-sonnet-4-5", 30, null);
    private final Target mini = Target.of("openai", "gpt-4o-mini");
    private final Target longContext = Target.of("gemini", "gemini-2.5-pro");
    private final ModelAlias smart = new ModelAlias("smart", List.of(gpt4o, sonnet), List.of(mini), longContext);
    private final ModelAlias cheap = new ModelAlias("cheap",
            List.of(new Target("groq", "llama", 1, null), new Target("mistral", "small", 3, null)),
            List.of(Target.of("openai", "gpt-4o-mini")));
    private final RouteTable table = new RouteTable(Map.of("smart", smart, "cheap", cheap),
            Set.of("openai", "anthropic", "gemini", "groq", "mistral"));
    private final RandomGenerator random = new SplittableRandom(11);

    private RouteDecision decide(RoutingRule rule, List<String> requestFallbacks, List<Target> keyFallbacks) {
        return table.decide(new RouteRequest("smart", rule, null, requestFallbacks, keyFallbacks)).orElseThrow();
    }

    @Test
    void anAliasBringsItsCandidatesFallbacksAndContextFallback() {
        RouteDecision decision = decide(null, List.of(), List.of());
        assertThat(decision.alias()).isEqualTo("smart");
        assertThat(decision.rule()).isNull();
        assertThat(decision.candidates()).containsExactly(gpt4o, sonnet);
        assertThat(decision.fallbacks()).containsExactly(mini);
        assertThat(decision.fallbackSource()).isEqualTo(FallbackSource.ALIAS);
        assertThat(decision.contextFallback()).isEqualTo(longContext);
    }

    @Test
    void fallbackChainsTakePrecedenceRequestThenKeyThenRuleThenAlias() {
        RoutingRule rule = new RoutingRule("r", "true", null, "smart", List.of(Target.of("groq", "llama")));
        List<Target> keyChain = List.of(Target.of("anthropic", "claude-haiku"));

        assertThat(decide(rule, List.of(), List.of()).fallbacks()).containsExactly(Target.of("groq", "llama"));
        assertThat(decide(rule, List.of(), List.of()).fallbackSource()).isEqualTo(FallbackSource.RULE);
        assertThat(decide(rule, List.of(), keyChain).fallbacks()).isEqualTo(keyChain);
        assertThat(decide(rule, List.of(), keyChain).fallbackSource()).isEqualTo(FallbackSource.KEY);
        RouteDecision byRequest = decide(rule, List.of("openai/gpt-4.1"), keyChain);
        assertThat(byRequest.fallbacks()).containsExactly(Target.of("openai", "gpt-4.1"));
        assertThat(byRequest.fallbackSource()).isEqualTo(FallbackSource.REQUEST);
        assertThat(byRequest.rule()).isEqualTo("r");
    }

    @Test
    void aRequestFallbackAliasStandsForItsTargetsHeaviestFirstThenItsFallbacks() {
        RouteDecision decision = decide(null, List.of("cheap", "anthropic/claude-haiku"), List.of());
        assertThat(decision.fallbacks()).extracting(Target::qualifiedName)
                .containsExactly("mistral/small", "groq/llama", "openai/gpt-4o-mini", "anthropic/claude-haiku");
    }

    @Test
    void anUnknownRequestFallbackIsTheClientsError() {
        assertThatThrownBy(() -> decide(null, List.of("nope"), List.of()))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("`nope`")
                .extracting(e -> ((InvalidRequestException) e).param()).isEqualTo("fallbacks");
    }

    @Test
    void aRuleRouteIsTheOnlyCandidateAndKeepsTheRequestedModel() {
        RoutingRule rule = new RoutingRule("residency", "true", Target.of("azure", "gpt-4o"), null, List.of());
        RouteDecision decision = table.decide(new RouteRequest("smart", rule, longContext, List.of(), List.of()))
                .orElseThrow();
        assertThat(decision.requestedModel()).isEqualTo("smart");
        assertThat(decision.alias()).isNull();
        assertThat(decision.candidates()).containsExactly(Target.of("azure", "gpt-4o"));
        assertThat(decision.fallbackSource()).isEqualTo(FallbackSource.NONE);
        assertThat(decision.contextFallback()).isEqualTo(longContext);
    }

    @Test
    void weightedSplitOverEffectiveWeightsHoldsWithinTwoPercentOverTenThousandRequests() {
        RouteDecision decision = decide(null, List.of(), List.of());
        int toGpt4o = 0;
        for (int i = 0; i < 10_000; i++) {
            toGpt4o += decision.plan(random, Target::weight, 0).primary().equals(gpt4o) ? 1 : 0;
        }
        assertThat(toGpt4o / 10_000.0).isBetween(0.68, 0.72);

        // half the health on gpt-4o: 35 against 30
        int halved = 0;
        for (int i = 0; i < 10_000; i++) {
            halved += decision.plan(random, t -> t.equals(gpt4o) ? 35 : 30, 0).primary().equals(gpt4o) ? 1 : 0;
        }
        assertThat(halved / 10_000.0).isBetween(35 / 65.0 - 0.02, 35 / 65.0 + 0.02);
    }

    @Test
    void aCandidateWithNoEffectiveWeightComesLastButStaysInThePlan() {
        RouteDecision decision = decide(null, List.of(), List.of());
        for (int i = 0; i < 50; i++) {
            FallbackPlan plan = decision.plan(random, t -> t.equals(gpt4o) ? 0 : t.weight(), 1_234);
            assertThat(plan.attempts()).containsExactly(sonnet, gpt4o, mini);
            assertThat(plan.contextFallback()).isEqualTo(longContext);
            assertThat(plan.estimatedTokens()).isEqualTo(1_234);
        }
    }

    @Test
    void aFallbackAlreadyInThePlanIsNotTriedTwice() {
        RouteDecision decision = decide(null, List.of("openai/gpt-4o", "openai/gpt-4o-mini", "openai/gpt-4o-mini"),
                List.of());
        assertThat(decision.plan(random, Target::weight, 0).attempts()).hasSize(3).endsWith(mini);
    }
}
