package dev.heimdall.governance.routing.rules;

import dev.heimdall.governance.routing.Target;
import org.junit.jupiter.api.Test;

import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The design's example rules, each expressible and each matching exactly what it should. */
class RuleSetTest {

    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    // a Wednesday, 11:00 in Berlin
    private static final ZonedDateTime WORKDAY = ZonedDateTime.of(2026, 11, 25, 11, 0, 0, 0, BERLIN);

    private final RuleSet rules = RuleSet.compile(List.of(
            new RoutingRule("residency", "key.team == \"compliance\"", new Target("azure", "gpt-4o", 1, null), null, List.of()),
            new RoutingRule("cheap-tasks", "request.metadata.task == \"summarization\"",
                    new Target("groq", "llama-3.1-8b-instant", 1, null), null, List.of()),
            new RoutingRule("long-context", "request.estimated_tokens > 120000",
                    new Target("gemini", "gemini-2.5-pro", 1, null), null, List.of()),
            new RoutingRule("off-hours", "request.model == \"smart\" && (time.hour >= 20 || time.hour < 6 || time.weekend)",
                    null, "cheap", List.of(Target.of("openai", "gpt-4o-mini"))),
            new RoutingRule("budget-saver", "budget.used_percent >= 90.0", null, "openai/gpt-4o-mini", List.of())));

    private static RoutingFacts facts(String model, long tokens, Map<String, String> metadata, String team,
                                      ZonedDateTime now, double budget) {
        return new RoutingFacts(model, "openai", false, tokens, metadata,
                new RoutingFacts.KeyFacts("dev-key", team, "acme", List.of("internal")), now, budget);
    }

    private String match(RoutingFacts facts) {
        return rules.firstMatch(facts).map(RoutingRule::name).orElse("none");
    }

    @Test
    void complianceTeamGoesToItsResidentModel() {
        assertThat(match(facts("smart", 10, Map.of(), "compliance", WORKDAY, 0))).isEqualTo("residency");
        assertThat(match(facts("smart", 10, Map.of(), "research", WORKDAY, 0))).isEqualTo("none");
    }

    @Test
    void summarizationTasksGoToACheapFastModel() {
        assertThat(match(facts("smart", 10, Map.of("task", "summarization"), "research", WORKDAY, 0))).isEqualTo("cheap-tasks");
        assertThat(match(facts("smart", 10, Map.of("task", "coding"), "research", WORKDAY, 0))).isEqualTo("none");
    }

    @Test
    void longPromptsGoToALongContextModel() {
        assertThat(match(facts("smart", 120_001, Map.of(), "research", WORKDAY, 0))).isEqualTo("long-context");
        assertThat(match(facts("smart", 120_000, Map.of(), "research", WORKDAY, 0))).isEqualTo("none");
    }

    @Test
    void offHoursAndWeekendsUseCheaperModels() {
        assertThat(match(facts("smart", 10, Map.of(), "research", WORKDAY.withHour(21), 0))).isEqualTo("off-hours");
        assertThat(match(facts("smart", 10, Map.of(), "research", WORKDAY.withHour(5), 0))).isEqualTo("off-hours");
        assertThat(match(facts("smart", 10, Map.of(), "research", WORKDAY.plusDays(3), 0))).as("Saturday").isEqualTo("off-hours");
        assertThat(match(facts("fast", 10, Map.of(), "research", WORKDAY.withHour(21), 0))).as("other model").isEqualTo("none");
        RoutingRule offHours = rules.firstMatch(facts("smart", 10, Map.of(), "x", WORKDAY.withHour(23), 0)).orElseThrow();
        assertThat(offHours.model()).isEqualTo("cheap");
        assertThat(offHours.fallbacks()).containsExactly(Target.of("openai", "gpt-4o-mini"));
    }

    @Test
    void budgetUseInPercentCanSteerToCheaperModels() {
        assertThat(match(facts("fast", 10, Map.of(), "research", WORKDAY, 91.5))).isEqualTo("budget-saver");
    }

    @Test
    void firstMatchWins() {
        RoutingFacts both = facts("smart", 200_000, Map.of("task", "summarization"), "compliance", WORKDAY, 0);
        assertThat(match(both)).isEqualTo("residency");
    }

    @Test
    void aMissingMetadataEntryIsNoMatchAndCounted() {
        long before = rules.evaluationErrors();
        assertThat(match(facts("fast", 10, Map.of(), "research", WORKDAY, 0))).isEqualTo("none");
        assertThat(rules.evaluationErrors()).isEqualTo(before + 1);
    }

    @Test
    void aConditionLeftToTheCelRuntimeMatchesAndCountsItsErrorsTheSameWay() {
        RuleSet regex = RuleSet.compile(List.of(new RoutingRule("regex",
                "request.metadata.task.matches(\"^sum.*\")", null, "m", List.of())));
        assertThat(regex.firstMatch(facts("m", 1, Map.of("task", "summarization"), "", WORKDAY, 0))).isPresent();
        assertThat(regex.firstMatch(facts("m", 1, Map.of("task", "chat"), "", WORKDAY, 0))).isEmpty();
        assertThat(regex.evaluationErrors()).isZero();
        assertThat(regex.firstMatch(facts("m", 1, Map.of(), "", WORKDAY, 0))).isEmpty();
        assertThat(regex.evaluationErrors()).isEqualTo(1);
    }

    @Test
    void presenceCanBeTestedWithoutErrors() {
        RuleSet guarded = RuleSet.compile(List.of(new RoutingRule("guarded",
                "has(request.metadata.task) && request.metadata.task == \"x\"", null, "m", List.of())));
        assertThat(guarded.firstMatch(facts("m", 1, Map.of(), "", WORKDAY, 0))).isEmpty();
        assertThat(guarded.evaluationErrors()).isZero();
        assertThat(guarded.firstMatch(facts("m", 1, Map.of("task", "x"), "", WORKDAY, 0))).isPresent();
    }

    @Test
    void tagsAndCustomerAreVisible() {
        RuleSet tagged = RuleSet.compile(List.of(new RoutingRule("internal",
                "\"internal\" in key.tags && key.customer == \"acme\"", null, "m", List.of())));
        assertThat(tagged.firstMatch(facts("m", 1, Map.of(), "", WORKDAY, 0))).isPresent();
    }

    @Test
    void aBadExpressionIsACompileErrorNamingTheRule() {
        assertThatThrownBy(() -> RuleSet.compile(List.of(new RoutingRule("broken", "request.model ==", null, "m", List.of()))))
                .isInstanceOf(RuleCompileException.class).hasMessageStartingWith("routing rule broken:");
        assertThatThrownBy(() -> RuleSet.compile(List.of(new RoutingRule("not-bool", "request.estimated_tokens + 1", null, "m", List.of()))))
                .isInstanceOf(RuleCompileException.class).hasMessageContaining("not-bool");
        assertThatThrownBy(() -> RuleSet.compile(List.of(new RoutingRule("unknown-var", "user.id == \"x\"", null, "m", List.of()))))
                .isInstanceOf(RuleCompileException.class).hasMessageContaining("unknown-var");
    }

    @Test
    void noRulesNeverMatch() {
        assertThat(RuleSet.EMPTY.firstMatch(facts("m", 1, Map.of(), "", WORKDAY, 0))).isEmpty();
    }
}
