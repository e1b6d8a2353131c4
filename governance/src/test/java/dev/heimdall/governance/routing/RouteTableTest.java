package dev.heimdall.governance.routing;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RouteTableTest {

    private final ModelAlias smart = new ModelAlias("smart",
            List.of(new Target("openai", "gpt-4o", 70, null), new Target("anthropic", "claude-sonnet-4-5", 30, null)),
            List.of(Target.of("openai", "gpt-4o-mini")));
    private final RouteTable table = new RouteTable(Map.of("smart", smart), Set.of("openai", "anthropic", "vllm"));
    private final RandomGenerator random = new SplittableRandom(42);

    @Test
    void providerSlashModelNamesTheTargetDirectly() {
        FallbackPlan plan = table.plan("openai/gpt-4o-mini", random).orElseThrow();
        assertThat(plan.alias()).isNull();
        assertThat(plan.attempts()).containsExactly(Target.of("openai", "gpt-4o-mini"));
    }

    @Test
    void modelPartMayContainSlashes() {
        FallbackPlan plan = table.plan("vllm/meta-llama/Llama-3.1-8B", random).orElseThrow();
        assertThat(plan.primary().model()).isEqualTo("meta-llama/Llama-3.1-8B");
    }

    @Test
    void unknownProviderOrModelHasNoPlan() {
        assertThat(table.plan("groq/llama", random)).isEmpty();
        assertThat(table.plan("gpt-4o", random)).isEmpty();
        assertThat(table.plan("openai/", random)).isEmpty();
        assertThat(table.plan("/gpt-4o", random)).isEmpty();
    }

    @Test
    void aliasPlanTriesEveryTargetThenTheFallbacks() {
        FallbackPlan plan = table.plan("smart", random).orElseThrow();
        assertThat(plan.alias()).isEqualTo("smart");
        assertThat(plan.attempts()).hasSize(3);
        assertThat(plan.attempts().subList(0, 2)).containsExactlyInAnyOrderElementsOf(smart.targets());
        assertThat(plan.attempts().get(2)).isEqualTo(Target.of("openai", "gpt-4o-mini"));
    }

    @Test
    void weightedSplitHoldsWithinTwoPercentOverTenThousandRequests() {
        int openai = 0;
        int n = 10_000;
        for (int i = 0; i < n; i++) {
            if (table.plan("smart", random).orElseThrow().primary().provider().equals("openai")) {
                openai++;
            }
        }
        assertThat(openai / (double) n).isBetween(0.68, 0.72);
    }

    @Test
    void zeroWeightTargetIsNeverPickedFirstButStaysInTheChain() {
        ModelAlias alias = new ModelAlias("a",
                List.of(new Target("openai", "gpt-4o", 0, null), new Target("anthropic", "claude", 1, null)), List.of());
        RouteTable t = new RouteTable(Map.of("a", alias), Set.of("openai", "anthropic"));
        for (int i = 0; i < 100; i++) {
            assertThat(t.plan("a", random).orElseThrow().primary().provider()).isEqualTo("anthropic");
        }
    }

    @Test
    void aliasWithoutPositiveWeightIsRejected() {
        assertThatThrownBy(() -> new ModelAlias("a", List.of(new Target("openai", "x", 0, null)), List.of()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void keyPoolHonoursWeightsModelsAndPins() {
        KeyPool pool = new KeyPool(List.of(new KeyOption("main", 3, List.of()),
                new KeyOption("spare", 1, List.of("gpt-4o-mini"))));
        assertThat(pool.choose("gpt-4o", null, random)).isZero();
        assertThat(pool.choose("gpt-4o", "spare", random)).isEqualTo(1);
        assertThat(pool.choose("gpt-4o", "missing", random)).isEqualTo(-1);
        int spare = 0;
        for (int i = 0; i < 10_000; i++) {
            spare += pool.choose("gpt-4o-mini", null, random);
        }
        assertThat(spare / 10_000.0).isBetween(0.23, 0.27);
    }
}
