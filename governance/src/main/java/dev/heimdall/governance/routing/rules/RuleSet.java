package dev.heimdall.governance.routing.rules;

import dev.heimdall.governance.routing.rules.Condition.Outcome;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.LongAdder;

/**
 * The configured routing rules, compiled once: an ordered list of CEL conditions over the routing facts, first
 * match wins. The variables a condition may use:
 * <ul>
 *   <li>{@code request.model}, {@code request.ingress}, {@code request.stream}, {@code request.estimated_tokens},
 *       {@code request.metadata} (a map of strings)</li>
 *   <li>{@code key.name}, {@code key.team}, {@code key.customer}, {@code key.tags} (a list of strings)</li>
 *   <li>{@code time.hour}, {@code time.minute}, {@code time.day_of_week} ({@code "monday"} ...),
 *       {@code time.weekend} — in the rules' time zone</li>
 *   <li>{@code budget.used_percent}</li>
 * </ul>
 * A condition that fails at run time (a metadata entry the request does not have, say) does not match, and is
 * counted in {@link #evaluationErrors()}; write {@code has(request.metadata.task)} or {@code "task" in
 * request.metadata} to test for presence. The common condition shapes run as Java compiled from the CEL expression
 * ({@link ConditionCompiler}), the rest in the CEL runtime. Immutable and thread-safe.
 */
public final class RuleSet {

    public static final RuleSet EMPTY = new RuleSet(List.of(), new Condition[0]);

    private final List<RoutingRule> rules;
    private final Condition[] conditions;
    private final LongAdder evaluationErrors = new LongAdder();

    private RuleSet(List<RoutingRule> rules, Condition[] conditions) {
        this.rules = List.copyOf(rules);
        this.conditions = conditions;
    }

    /**
     * Compiles every rule's condition.
     *
     * @throws RuleCompileException naming the first rule whose condition is not a valid boolean CEL expression
     */
    public static RuleSet compile(List<RoutingRule> rules) {
        Condition[] conditions = new Condition[rules.size()];
        for (int i = 0; i < conditions.length; i++) {
            conditions[i] = ConditionCompiler.compile(rules.get(i).name(), rules.get(i).when());
        }
        return new RuleSet(rules, conditions);
    }

    public List<RoutingRule> rules() {
        return rules;
    }

    /** The first rule whose condition holds for these facts. */
    public Optional<RoutingRule> firstMatch(RoutingFacts facts) {
        for (int i = 0; i < conditions.length; i++) {
            Outcome outcome = conditions[i].test(facts);
            if (outcome == Outcome.TRUE) {
                return Optional.of(rules.get(i));
            }
            if (outcome == Outcome.ERROR) {
                evaluationErrors.increment();
            }
        }
        return Optional.empty();
    }

    /** Conditions that failed at run time since start-up (they count as not matching). */
    public long evaluationErrors() {
        return evaluationErrors.sum();
    }
}
