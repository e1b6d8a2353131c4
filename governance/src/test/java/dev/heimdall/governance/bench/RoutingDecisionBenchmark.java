package dev.heimdall.governance.bench;

import dev.heimdall.governance.health.HealthSettings;
import dev.heimdall.governance.health.LocalHealthBoard;
import dev.heimdall.governance.health.Observation;
import dev.heimdall.governance.health.TargetId;
import dev.heimdall.governance.routing.EffectiveWeights;
import dev.heimdall.governance.routing.FallbackPlan;
import dev.heimdall.governance.routing.KeyOption;
import dev.heimdall.governance.routing.KeyPool;
import dev.heimdall.governance.routing.ModelAlias;
import dev.heimdall.governance.routing.RouteDecision;
import dev.heimdall.governance.routing.RouteRequest;
import dev.heimdall.governance.routing.RouteTable;
import dev.heimdall.governance.routing.Target;
import dev.heimdall.governance.routing.rules.RoutingFacts;
import dev.heimdall.governance.routing.rules.RoutingRule;
import dev.heimdall.governance.routing.rules.RuleSet;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.OptionsBuilder;

import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

/**
 * The routing decision's cost: 20 CEL rules evaluated for a request that matches none (the worst case: every rule
 * runs) and for one that matches only the last, then the weighted pick over an alias, by configured weights alone and
 * by effective weights read from a health board (with the key choice that follows it); and what recording one
 * attempt's health observation costs. Issue 5's target is under 2 µs per request. The seed shapes compile to Java;
 * two more sets of 20 rules show what a rule outside the Java forms costs, in the CEL runtime alone and behind a Java
 * prefilter. Not part of the test suite (its name does not end in Test); the command that runs it is in
 * docs/benchmarks.md.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class RoutingDecisionBenchmark {

    private RuleSet rules;
    private RuleSet interpretedRules;
    private RuleSet prefilteredRules;
    private RouteTable routes;
    private RoutingFacts facts;
    private RouteDecision decision;
    private EffectiveWeights weights;
    private KeyPool openaiKeys;
    private LocalHealthBoard health;
    private Observation observation;
    private RoutingFacts lastRuleFacts;
    private final SplittableRandom random = new SplittableRandom(7);

    @Setup
    public void setUp() {
        rules = twentyRules(i -> switch (i % 4) {
            case 0 -> "key.team == \"team-" + i + "\"";
            case 1 -> "has(request.metadata.task) && request.metadata.task == \"task-" + i + "\"";
            case 2 -> "request.estimated_tokens > " + (200_000 + i);
            default -> "request.model == \"model-" + i + "\" && (time.hour >= 20 || time.weekend)";
        });
        interpretedRules = twentyRules(i -> "key.tags.exists(t, t == \"tag-" + i + "\")");
        prefilteredRules = twentyRules(i -> "request.model == \"model-" + i + "\" && key.tags.exists(t, t == \"tag-" + i + "\")");
        ModelAlias smart = new ModelAlias("smart", List.of(new Target("openai", "gpt-4o", 70, null),
                new Target("anthropic", "claude-sonnet-4-5", 30, null)), List.of(Target.of("openai", "gpt-4o-mini")));
        routes = new RouteTable(Map.of("smart", smart), java.util.Set.of("openai", "anthropic"));
        decision = routes.decide(RouteRequest.of("smart")).orElseThrow();
        health = new LocalHealthBoard(HealthSettings.DEFAULT);
        openaiKeys = new KeyPool(List.of(new KeyOption("main", 3, List.of()), new KeyOption("spare", 1, List.of())));
        weights = new EffectiveWeights(Map.of("openai", openaiKeys,
                "anthropic", new KeyPool(List.of(new KeyOption("main", 1, List.of())))), health);
        for (TargetId target : List.of(new TargetId("openai", "main", "gpt-4o"), new TargetId("openai", "spare", "gpt-4o"),
                new TargetId("anthropic", "main", "claude-sonnet-4-5"))) {
            for (int i = 0; i < 200; i++) {
                health.observe(Observation.success(target, 800_000_000L + i * 1_000_000L, -1));
            }
        }
        observation = Observation.success(new TargetId("openai", "main", "gpt-4o"), 800_000_000L, -1);
        facts = new RoutingFacts("smart", "openai", false, 1_200, Map.of("task", "chat"),
                new RoutingFacts.KeyFacts("dev", "research", "acme", List.of("internal")),
                ZonedDateTime.of(2026, 11, 25, 11, 0, 0, 0, ZoneId.of("Europe/Berlin")), 12.5);
        lastRuleFacts = new RoutingFacts("model-19", "openai", false, 1_200, Map.of("task", "chat"),
                new RoutingFacts.KeyFacts("dev", "research", "acme", List.of("internal")),
                ZonedDateTime.of(2026, 11, 25, 21, 0, 0, 0, ZoneId.of("Europe/Berlin")), 12.5);
        if (rules.firstMatch(facts).isPresent() || !rules.firstMatch(lastRuleFacts).orElseThrow().name().equals("rule-19")) {
            throw new IllegalStateException("the benchmark's requests no longer match as intended");
        }
    }

    private static RuleSet twentyRules(IntFunction<String> condition) {
        List<RoutingRule> list = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            list.add(new RoutingRule("rule-" + i, condition.apply(i), Target.of("openai", "gpt-4o-mini"), null, List.of()));
        }
        return RuleSet.compile(list);
    }

    @Benchmark
    public Optional<RoutingRule> twentyRulesNoneMatching() {
        return rules.firstMatch(facts);
    }

    @Benchmark
    public Optional<RoutingRule> twentyRulesLastMatching() {
        return rules.firstMatch(lastRuleFacts);
    }

    @Benchmark
    public Optional<RoutingRule> twentyInterpretedRulesNoneMatching() {
        return interpretedRules.firstMatch(facts);
    }

    @Benchmark
    public Optional<RoutingRule> twentyPrefilteredRulesNoneMatching() {
        return prefilteredRules.firstMatch(facts);
    }

    @Benchmark
    public Optional<FallbackPlan> weightedAliasPick() {
        return routes.plan("smart", random);
    }

    @Benchmark
    public FallbackPlan healthWeightedAliasPick() {
        long now = System.nanoTime();
        return decision.plan(random, target -> weights.weight(target, now), 1_200);
    }

    @Benchmark
    public int healthWeightedKeyChoice() {
        return openaiKeys.choose("openai", "gpt-4o", null, null, random, health, System.nanoTime());
    }

    @Benchmark
    public void observeOneAttempt() {
        health.observe(observation);
    }

    @Benchmark
    public Optional<FallbackPlan> rulesThenPick() {
        Optional<RoutingRule> rule = rules.firstMatch(facts);
        return rule.isPresent() ? Optional.empty() : routes.plan("smart", random);
    }

    public static void main(String[] args) throws Exception {
        new Runner(new OptionsBuilder().include(RoutingDecisionBenchmark.class.getSimpleName()).build()).run();
    }
}
