package dev.heimdall.governance.routing.rules;

import dev.cel.bundle.Cel;
import dev.cel.bundle.CelFactory;
import dev.cel.common.CelValidationResult;
import dev.cel.common.types.MapType;
import dev.cel.parser.CelStandardMacro;
import dev.cel.common.types.SimpleType;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;

import java.util.ArrayList;
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
 * request.metadata} to test for presence. Immutable and thread-safe.
 */
public final class RuleSet {

    public static final RuleSet EMPTY = new RuleSet(List.of(), List.of());

    private static final Cel CEL = CelFactory.standardCelBuilder()
            .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
            .addVar("request", MapType.create(SimpleType.STRING, SimpleType.DYN))
            .addVar("key", MapType.create(SimpleType.STRING, SimpleType.DYN))
            .addVar("time", MapType.create(SimpleType.STRING, SimpleType.DYN))
            .addVar("budget", MapType.create(SimpleType.STRING, SimpleType.DYN))
            .setResultType(SimpleType.BOOL)
            .build();

    private final List<RoutingRule> rules;
    private final List<CelRuntime.Program> programs;
    private final LongAdder evaluationErrors = new LongAdder();

    private RuleSet(List<RoutingRule> rules, List<CelRuntime.Program> programs) {
        this.rules = List.copyOf(rules);
        this.programs = List.copyOf(programs);
    }

    /**
     * Compiles every rule's condition.
     *
     * @throws RuleCompileException naming the first rule whose condition is not a valid boolean CEL expression
     */
    public static RuleSet compile(List<RoutingRule> rules) {
        List<CelRuntime.Program> programs = new ArrayList<>(rules.size());
        for (RoutingRule rule : rules) {
            CelValidationResult result = CEL.compile(rule.when());
            if (result.hasError()) {
                throw new RuleCompileException(rule.name(), result.getErrorString());
            }
            try {
                programs.add(CEL.createProgram(result.getAst()));
            } catch (Exception e) {
                throw new RuleCompileException(rule.name(), e.getMessage());
            }
        }
        return new RuleSet(rules, programs);
    }

    public List<RoutingRule> rules() {
        return rules;
    }

    /** The first rule whose condition holds for these facts. */
    public Optional<RoutingRule> firstMatch(RoutingFacts facts) {
        if (rules.isEmpty()) {
            return Optional.empty();
        }
        CelFacts activation = new CelFacts(facts);
        for (int i = 0; i < rules.size(); i++) {
            try {
                if (Boolean.TRUE.equals(programs.get(i).eval(activation))) {
                    return Optional.of(rules.get(i));
                }
            } catch (CelEvaluationException e) {
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
