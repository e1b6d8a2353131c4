package dev.heimdall.governance.routing.rules;

import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import dev.heimdall.governance.routing.rules.Condition.Outcome;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.DayOfWeek;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Differential test of the compiled conditions: for every condition shape, many random requests evaluated by the
 * compiled condition and by the CEL runtime over plain maps (the reference) give the same outcome, errors included;
 * and each shape takes the path it should (Java, Java prefilter then CEL, or CEL alone).
 */
class ConditionCompilerTest {

    private static final int REQUESTS_PER_SHAPE = 1_500;
    private static final ZonedDateTime MONDAY = ZonedDateTime.of(2026, 11, 23, 0, 0, 0, 0, ZoneId.of("Europe/Berlin"));

    enum Path { JAVA, PREFILTERED, INTERPRETED }

    record Shape(String expression, Path path) {
        @Override
        public String toString() {
            return path + ": " + expression;
        }
    }

    /** Shapes whose outcome does not depend on the request; every other shape must see at least two outcomes. */
    private static final Set<String> CONSTANT = Set.of("true", "false", "has(request.model)", "has(request.nothing)",
            "request.metadata.task == \"chat\" && false", "request.metadata.task == \"chat\" || true",
            "request.nothing == \"x\"");

    static Stream<Shape> shapes() {
        return Stream.of(
                // the seed's examples and the benchmark's shapes
                java("key.team == \"compliance\""),
                java("request.metadata.task == \"summarization\""),
                java("request.estimated_tokens > 120000"),
                java("request.model == \"smart\" && (time.hour >= 20 || time.hour < 6 || time.weekend)"),
                java("budget.used_percent >= 90.0"),
                java("has(request.metadata.task) && request.metadata.task == \"summarization\""),
                java("\"internal\" in key.tags && key.customer == \"acme\""),
                // strings
                java("\"compliance\" == key.team"),
                java("key.team != \"compliance\""),
                java("request.metadata[\"task\"] == \"summarization\""),
                java("request.metadata.task != \"chat\""),
                java("request.model == key.name"),
                java("request.metadata.task == request.metadata.tier"),
                java("key.name == \"\" && key.team == \"\""),
                java("request.ingress == \"anthropic\" || request.stream"),
                java("request.model.startsWith(\"gpt-\")"),
                java("request.model.endsWith(\"-mini\")"),
                java("request.model.contains(\"4o\")"),
                java("request.metadata.task.startsWith(\"sum\")"),
                java("request.model.startsWith(request.metadata.tier)"),
                java("time.day_of_week == \"saturday\" || time.day_of_week in [\"sunday\", \"friday\"]"),
                // membership and presence
                java("key.team in [\"compliance\", \"ops\"]"),
                java("request.metadata.tier in [\"gold\", \"x\", \"gold\"]"),
                java("request.metadata.tier in []"),
                java("request.metadata.region in key.tags"),
                java("\"task\" in request.metadata"),
                java("request.metadata.tier in request.metadata"),
                java("!has(request.metadata.task)"),
                java("has(request.model)"),
                java("has(request.nothing)"),
                // integers
                java("request.estimated_tokens >= 120000"),
                java("request.estimated_tokens < 120000"),
                java("request.estimated_tokens <= 120000"),
                java("request.estimated_tokens == 120000"),
                java("request.estimated_tokens != 120000"),
                java("120000 < request.estimated_tokens"),
                java("200000 >= request.estimated_tokens"),
                java("request.estimated_tokens > -1"),
                java("time.minute < 30 && time.hour == 12"),
                // doubles, NaN and signed zeros among the facts
                java("budget.used_percent < 90.0"),
                java("budget.used_percent == 90.0"),
                java("budget.used_percent != 90.0"),
                java("100.0 <= budget.used_percent"),
                java("budget.used_percent > 0.0"),
                java("budget.used_percent == 0.0"),
                // flags
                java("!time.weekend"),
                java("time.weekend == false"),
                java("request.stream != true"),
                java("true == request.stream"),
                java("true"),
                java("false"),
                // errors: absorbed by false && and true ||, kept otherwise
                java("request.metadata.task == \"chat\" && false"),
                java("request.metadata.task == \"chat\" || true"),
                java("false || request.metadata.task == \"x\""),
                java("request.metadata.task == \"chat\" || request.metadata.tier == \"gold\""),
                java("request.metadata.task == \"chat\" && request.metadata.tier == \"gold\""),
                java("!(request.metadata.task == \"chat\")"),
                // partly Java: the Java conjuncts decide when they are false
                prefiltered("request.model == \"smart\" && key.tags.exists(t, t == \"beta\")"),
                prefiltered("key.tags.exists(t, t.startsWith(\"e\")) && request.metadata.task == \"summarization\""),
                prefiltered("size(key.tags) > 1 && time.hour >= 20"),
                prefiltered("request.model.matches(\"^gpt-4o.*$\") && !time.weekend && request.metadata.tier != \"x\""),
                // CEL alone
                interpreted("request.metadata.task.matches(\"sum.*\")"),
                interpreted("budget.used_percent >= 90"),
                interpreted("request.estimated_tokens > 120000.0"),
                interpreted("request.estimated_tokens == 120000.0"),
                interpreted("request.nothing == \"x\""),
                interpreted("request.metadata.tier && request.model == \"fast\""),
                interpreted("time.hour >= 20 ? request.model == \"smart\" : false"),
                interpreted("key.tags.exists(t, t == \"beta\") || request.model == \"smart\""),
                interpreted("request.estimated_tokens + 1 > 120000"));
    }

    @ParameterizedTest
    @MethodSource("shapes")
    void compiledConditionAgreesWithTheCelRuntime(Shape shape) throws Exception {
        Condition compiled = ConditionCompiler.compile("shape", shape.expression());
        assertThat(pathOf(compiled)).isEqualTo(shape.path());
        CelRuntime.Program reference = ConditionCompiler.CEL.createProgram(ConditionCompiler.CEL.compile(shape.expression()).getAst());
        Condition interpreted = new Condition.Interpreted(reference);

        SplittableRandom random = new SplittableRandom(shape.expression().hashCode());
        Set<Outcome> seen = EnumSet.noneOf(Outcome.class);
        for (int i = 0; i < REQUESTS_PER_SHAPE; i++) {
            RoutingFacts facts = randomFacts(random);
            Outcome expected = evaluate(reference, facts);
            assertThat(compiled.test(facts)).as("%s for %s", shape.expression(), facts).isEqualTo(expected);
            assertThat(interpreted.test(facts)).as("CEL over CelFacts: %s for %s", shape.expression(), facts).isEqualTo(expected);
            seen.add(expected);
        }
        if (!CONSTANT.contains(shape.expression())) {
            assertThat(seen).as("outcomes the random requests reached for %s", shape.expression()).hasSizeGreaterThan(1);
        }
    }

    private static Shape java(String expression) {
        return new Shape(expression, Path.JAVA);
    }

    private static Shape prefiltered(String expression) {
        return new Shape(expression, Path.PREFILTERED);
    }

    private static Shape interpreted(String expression) {
        return new Shape(expression, Path.INTERPRETED);
    }

    private static Path pathOf(Condition condition) {
        if (condition instanceof Condition.Interpreted) {
            return Path.INTERPRETED;
        }
        return condition instanceof Condition.Prefiltered ? Path.PREFILTERED : Path.JAVA;
    }

    private static Outcome evaluate(CelRuntime.Program program, RoutingFacts facts) {
        try {
            return Outcome.of(Boolean.TRUE.equals(program.eval(plainMaps(facts))));
        } catch (CelEvaluationException e) {
            return Outcome.ERROR;
        }
    }

    /** The facts as plain maps, written out field by field: independent of Fact and CelFacts. */
    private static Map<String, Object> plainMaps(RoutingFacts facts) {
        Map<String, Object> request = new HashMap<>();
        request.put("model", facts.model());
        request.put("ingress", facts.ingress());
        request.put("stream", facts.stream());
        request.put("estimated_tokens", facts.estimatedTokens());
        request.put("metadata", facts.metadata());
        RoutingFacts.KeyFacts k = facts.key();
        Map<String, Object> key = Map.of("name", k.name(), "team", k.team(), "customer", k.customer(), "tags", k.tags());
        DayOfWeek day = facts.now().getDayOfWeek();
        Map<String, Object> time = Map.of(
                "hour", (long) facts.now().getHour(),
                "minute", (long) facts.now().getMinute(),
                "day_of_week", day.name().toLowerCase(Locale.ROOT),
                "weekend", day == DayOfWeek.SATURDAY || day == DayOfWeek.SUNDAY);
        Map<String, Object> budget = Map.of("used_percent", facts.budgetUsedPercent());
        return Map.of("request", request, "key", key, "time", time, "budget", budget);
    }

    private static final String[] MODELS = {"smart", "fast", "gpt-4o", "gpt-4o-mini", "", "claude-sonnet-4-5", "gold-4o"};
    private static final String[] INGRESSES = {"openai", "anthropic", "gemini", ""};
    private static final long[] TOKENS = {0, 1, -1, 119_999, 120_000, 120_001, 200_000, 200_001, Long.MAX_VALUE, Long.MIN_VALUE};
    private static final String[] METADATA_KEYS = {"task", "tier", "region"};
    private static final String[] METADATA_VALUES = {"summarization", "chat", "", "gold", "eu", "x", "task", "sum", "gpt-"};
    private static final String[] NAMES = {"dev", "smart", "", "ci"};
    private static final String[] TEAMS = {"compliance", "research", "", "ops"};
    private static final String[] CUSTOMERS = {"acme", "", "globex"};
    private static final String[] TAGS = {"internal", "beta", "eu", "gold"};
    private static final double[] BUDGETS = {0.0, -0.0, 89.99, 90.0, 90.5, 100.0, 120.0, Double.NaN,
            Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY};

    private static RoutingFacts randomFacts(SplittableRandom random) {
        Map<String, String> metadata = new HashMap<>();
        for (String key : METADATA_KEYS) {
            if (random.nextBoolean()) {
                metadata.put(key, pick(random, METADATA_VALUES));
            }
        }
        RoutingFacts.KeyFacts key = RoutingFacts.KeyFacts.ANONYMOUS;
        if (random.nextInt(5) > 0) {
            List<String> tags = new ArrayList<>();
            for (String tag : TAGS) {
                if (random.nextBoolean()) {
                    tags.add(tag);
                }
            }
            key = new RoutingFacts.KeyFacts(pick(random, NAMES), pick(random, TEAMS), pick(random, CUSTOMERS), tags);
        }
        long tokens = random.nextBoolean() ? TOKENS[random.nextInt(TOKENS.length)] : random.nextLong(0, 300_000);
        double budget = random.nextBoolean() ? BUDGETS[random.nextInt(BUDGETS.length)] : random.nextDouble(0, 120);
        ZonedDateTime now = MONDAY.plusMinutes(random.nextInt(7 * 24 * 60));
        return new RoutingFacts(pick(random, MODELS), pick(random, INGRESSES), random.nextBoolean(), tokens, metadata,
                key, now, budget);
    }

    private static String pick(SplittableRandom random, String[] values) {
        return values[random.nextInt(values.length)];
    }
}
