package dev.heimdall.governance.routing.rules;

import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.ToDoubleFunction;
import java.util.function.ToLongFunction;

/**
 * A routing rule's compiled condition. Most conditions are plain Java over the facts, compiled by
 * {@link ConditionCompiler} from the checked CEL expression with CEL's exact semantics, errors included; anything
 * else is {@link Interpreted} by the CEL runtime.
 */
sealed interface Condition {

    Outcome test(RoutingFacts facts);

    /** A CEL boolean, or the error an evaluation ended in (a missing metadata entry, a type mismatch). */
    enum Outcome {
        TRUE, FALSE, ERROR;

        static Outcome of(boolean value) {
            return value ? TRUE : FALSE;
        }
    }

    record Constant(Outcome outcome) implements Condition {
        @Override
        public Outcome test(RoutingFacts facts) {
            return outcome;
        }
    }

    record Not(Condition operand) implements Condition {
        @Override
        public Outcome test(RoutingFacts facts) {
            return switch (operand.test(facts)) {
                case TRUE -> Outcome.FALSE;
                case FALSE -> Outcome.TRUE;
                case ERROR -> Outcome.ERROR;
            };
        }
    }

    /**
     * CEL's {@code &&} ({@code decisive} false) and {@code ||} ({@code decisive} true): the decisive value on either
     * side decides even when the other side is an error; otherwise an error on either side is the result.
     */
    record Junction(Outcome decisive, Condition left, Condition right) implements Condition {

        static Junction and(Condition left, Condition right) {
            return new Junction(Outcome.FALSE, left, right);
        }

        static Junction or(Condition left, Condition right) {
            return new Junction(Outcome.TRUE, left, right);
        }

        @Override
        public Outcome test(RoutingFacts facts) {
            Outcome first = left.test(facts);
            if (first == decisive) {
                return first;
            }
            Outcome second = right.test(facts);
            return second == decisive || first != Outcome.ERROR ? second : first;
        }
    }

    record FlagIs(Predicate<RoutingFacts> flag) implements Condition {
        @Override
        public Outcome test(RoutingFacts facts) {
            return Outcome.of(flag.test(facts));
        }
    }

    record TextRelation(TextTerm left, Relation relation, TextTerm right) implements Condition {
        @Override
        public Outcome test(RoutingFacts facts) {
            String a = left.value(facts);
            String b = right.value(facts);
            return a == null || b == null ? Outcome.ERROR : Outcome.of(relation.holds(a, b));
        }
    }

    /** {@code text in ["a", "b"]}. */
    record TextInSet(TextTerm needle, Set<String> set) implements Condition {
        @Override
        public Outcome test(RoutingFacts facts) {
            String value = needle.value(facts);
            return value == null ? Outcome.ERROR : Outcome.of(set.contains(value));
        }
    }

    /** {@code text in key.tags}. */
    record TextInList(TextTerm needle, Function<RoutingFacts, List<String>> list) implements Condition {
        @Override
        public Outcome test(RoutingFacts facts) {
            String value = needle.value(facts);
            return value == null ? Outcome.ERROR : Outcome.of(list.apply(facts).contains(value));
        }
    }

    /** {@code has(request.metadata.task)}, {@code "task" in request.metadata}. */
    record HasEntry(TextTerm key, Function<RoutingFacts, Map<String, String>> map) implements Condition {
        @Override
        public Outcome test(RoutingFacts facts) {
            String value = key.value(facts);
            return value == null ? Outcome.ERROR : Outcome.of(map.apply(facts).containsKey(value));
        }
    }

    record WholeComparison(ToLongFunction<RoutingFacts> fact, Comparison comparison, long constant) implements Condition {
        @Override
        public Outcome test(RoutingFacts facts) {
            return Outcome.of(comparison.holds(fact.applyAsLong(facts), constant));
        }
    }

    /** IEEE comparison, as CEL's: NaN compares false except for {@code !=}; the constant is never NaN. */
    record DecimalComparison(ToDoubleFunction<RoutingFacts> fact, Comparison comparison, double constant) implements Condition {
        @Override
        public Outcome test(RoutingFacts facts) {
            return Outcome.of(comparison.holds(fact.applyAsDouble(facts), constant));
        }
    }

    /** The CEL runtime, for what has no Java form. An evaluation error is {@link Outcome#ERROR}. */
    record Interpreted(CelRuntime.Program program) implements Condition {
        @Override
        public Outcome test(RoutingFacts facts) {
            try {
                return Outcome.of(Boolean.TRUE.equals(program.eval(new CelFacts(facts))));
            } catch (CelEvaluationException e) {
                return Outcome.ERROR;
            }
        }
    }

    /**
     * A condition {@code a && b && ...} whose conjuncts are partly Java: when a Java conjunct is false the whole is
     * false (CEL's {@code &&} is false whenever a side is false), so the runtime only runs when they all hold.
     */
    record Prefiltered(Condition necessary, Interpreted whole) implements Condition {
        @Override
        public Outcome test(RoutingFacts facts) {
            return necessary.test(facts) == Outcome.FALSE ? Outcome.FALSE : whole.test(facts);
        }
    }

    enum Relation {
        EQUALS, NOT_EQUALS, STARTS_WITH, ENDS_WITH, CONTAINS;

        boolean holds(String a, String b) {
            return switch (this) {
                case EQUALS -> a.equals(b);
                case NOT_EQUALS -> !a.equals(b);
                case STARTS_WITH -> a.startsWith(b);
                case ENDS_WITH -> a.endsWith(b);
                case CONTAINS -> a.contains(b);
            };
        }
    }

    enum Comparison {
        EQUAL, NOT_EQUAL, LESS, LESS_OR_EQUAL, GREATER, GREATER_OR_EQUAL;

        boolean holds(long a, long b) {
            return switch (this) {
                case EQUAL -> a == b;
                case NOT_EQUAL -> a != b;
                case LESS -> a < b;
                case LESS_OR_EQUAL -> a <= b;
                case GREATER -> a > b;
                case GREATER_OR_EQUAL -> a >= b;
            };
        }

        boolean holds(double a, double b) {
            return switch (this) {
                case EQUAL -> a == b;
                case NOT_EQUAL -> a != b;
                case LESS -> a < b;
                case LESS_OR_EQUAL -> a <= b;
                case GREATER -> a > b;
                case GREATER_OR_EQUAL -> a >= b;
            };
        }

        /** The same relation with its operands swapped: {@code 5 < x} is {@code x > 5}. */
        Comparison swapped() {
            return switch (this) {
                case EQUAL, NOT_EQUAL -> this;
                case LESS -> GREATER;
                case LESS_OR_EQUAL -> GREATER_OR_EQUAL;
                case GREATER -> LESS;
                case GREATER_OR_EQUAL -> LESS_OR_EQUAL;
            };
        }
    }
}
