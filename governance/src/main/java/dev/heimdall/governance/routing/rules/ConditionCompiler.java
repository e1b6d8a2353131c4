package dev.heimdall.governance.routing.rules;

import dev.cel.bundle.Cel;
import dev.cel.bundle.CelBuilder;
import dev.cel.bundle.CelFactory;
import dev.cel.common.CelOptions;
import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.CelValidationException;
import dev.cel.common.CelValidationResult;
import dev.cel.common.ast.CelConstant;
import dev.cel.common.ast.CelExpr;
import dev.cel.common.ast.CelExpr.ExprKind.Kind;
import dev.cel.common.types.MapType;
import dev.cel.common.types.SimpleType;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelEvaluationException;
import dev.heimdall.governance.routing.rules.Condition.Comparison;
import dev.heimdall.governance.routing.rules.Condition.Outcome;
import dev.heimdall.governance.routing.rules.Condition.Relation;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Compiles a rule's CEL condition, once, into a {@link Condition}. The type-checked expression is read for shapes
 * with an exact Java form: a fact compared with a constant of the fact's own type, a string's {@code startsWith},
 * {@code endsWith} or {@code contains}, {@code in} a list of strings or {@code key.tags}, {@code has()} and
 * {@code in} on the metadata, and {@code &&}, {@code ||}, {@code !} over those. Errors keep CEL's meaning (a missing
 * metadata entry is an error that {@code false && ...} and {@code true || ...} absorb). Every other expression runs
 * in the CEL runtime, behind a Java prefilter when some of its top-level conjuncts have a Java form.
 */
final class ConditionCompiler {

    /** The rules' CEL environment: the {@link Fact} variables, each a map from field to value, and a bool result. */
    static final Cel CEL = environment();

    private ConditionCompiler() {
    }

    /** @throws RuleCompileException naming the rule when the expression is not a boolean CEL condition */
    static Condition compile(String rule, String expression) {
        CelValidationResult result = CEL.compile(expression);
        if (result.hasError()) {
            throw new RuleCompileException(rule, result.getErrorString());
        }
        try {
            CelAbstractSyntaxTree ast = result.getAst();
            return translate(ast, new Condition.Interpreted(CEL.createProgram(ast)));
        } catch (CelValidationException | CelEvaluationException e) {
            throw new RuleCompileException(rule, e.getMessage());
        }
    }

    private static Cel environment() {
        CelBuilder builder = CelFactory.standardCelBuilder()
                // `budget.used_percent >= 90` must compare a double with an int as a user reads it, not fail
                .setOptions(CelOptions.current().enableHeterogeneousNumericComparisons(true).build())
                .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
                .setResultType(SimpleType.BOOL);
        for (String variable : Fact.variables()) {
            builder.addVar(variable, MapType.create(SimpleType.STRING, SimpleType.DYN));
        }
        return builder.build();
    }

    private static Condition translate(CelAbstractSyntaxTree ast, Condition.Interpreted interpreted) {
        Optional<Condition> whole = condition(ast.getExpr());
        if (whole.isPresent()) {
            return whole.get();
        }
        Condition necessary = null;
        for (CelExpr conjunct : conjuncts(ast.getExpr(), new ArrayList<>())) {
            Optional<Condition> java = condition(conjunct);
            if (java.isPresent()) {
                necessary = necessary == null ? java.get() : Condition.Junction.and(necessary, java.get());
            } else if (!SimpleType.BOOL.equals(ast.getType(conjunct.id()).orElse(SimpleType.DYN))) {
                // CEL's && fails on a non-boolean operand before it looks at the other side: no shortcut is exact
                return interpreted;
            }
        }
        return necessary == null ? interpreted : new Condition.Prefiltered(necessary, interpreted);
    }

    private static List<CelExpr> conjuncts(CelExpr expr, List<CelExpr> into) {
        if (isCall(expr, "_&&_")) {
            conjuncts(expr.call().args().get(0), into);
            conjuncts(expr.call().args().get(1), into);
        } else {
            into.add(expr);
        }
        return into;
    }

    private static Optional<Condition> condition(CelExpr expr) {
        return switch (expr.getKind()) {
            case CONSTANT -> expr.constant().getKind() == CelConstant.Kind.BOOLEAN_VALUE
                    ? Optional.of(new Condition.Constant(Outcome.of(expr.constant().booleanValue())))
                    : Optional.empty();
            case SELECT -> expr.select().testOnly() ? presence(expr.select()) : flag(expr).map(Condition.FlagIs::new);
            case CALL -> call(expr);
            default -> Optional.empty();
        };
    }

    /** {@code has(request.model)}: whether the variable has the field; {@code has(request.metadata.task)}. */
    private static Optional<Condition> presence(CelExpr.CelSelect select) {
        CelExpr operand = select.operand();
        if (operand.getKind() == Kind.IDENT && !Fact.of(operand.ident().name()).isEmpty()) {
            boolean present = Fact.find(operand.ident().name(), select.field()).isPresent();
            return Optional.of(new Condition.Constant(Outcome.of(present)));
        }
        return entries(operand).map(map -> new Condition.HasEntry(new TextTerm.Literal(select.field()), map.read()));
    }

    private static Optional<Condition> call(CelExpr expr) {
        CelExpr.CelCall call = expr.call();
        List<CelExpr> args = call.args();
        if (call.target().isPresent()) {
            return args.size() == 1 ? method(call.function(), call.target().get(), args.get(0)) : Optional.empty();
        }
        return switch (call.function()) {
            case "_&&_" -> condition(args.get(0)).flatMap(a -> condition(args.get(1)).map(b -> Condition.Junction.and(a, b)));
            case "_||_" -> condition(args.get(0)).flatMap(a -> condition(args.get(1)).map(b -> Condition.Junction.or(a, b)));
            case "!_" -> condition(args.get(0)).map(Condition.Not::new);
            case "_==_" -> equality(args.get(0), args.get(1), true);
            case "_!=_" -> equality(args.get(0), args.get(1), false);
            case "_<_" -> numeric(args.get(0), Comparison.LESS, args.get(1));
            case "_<=_" -> numeric(args.get(0), Comparison.LESS_OR_EQUAL, args.get(1));
            case "_>_" -> numeric(args.get(0), Comparison.GREATER, args.get(1));
            case "_>=_" -> numeric(args.get(0), Comparison.GREATER_OR_EQUAL, args.get(1));
            case "@in" -> membership(args.get(0), args.get(1));
            default -> Optional.empty();
        };
    }

    private static Optional<Condition> method(String function, CelExpr target, CelExpr arg) {
        Relation relation = switch (function) {
            case "startsWith" -> Relation.STARTS_WITH;
            case "endsWith" -> Relation.ENDS_WITH;
            case "contains" -> Relation.CONTAINS;
            default -> null;
        };
        return relation == null ? Optional.empty()
                : text(target).flatMap(a -> text(arg).map(b -> new Condition.TextRelation(a, relation, b)));
    }

    private static Optional<Condition> equality(CelExpr left, CelExpr right, boolean equal) {
        Optional<TextTerm> a = text(left);
        Optional<TextTerm> b = text(right);
        if (a.isPresent() && b.isPresent()) {
            return Optional.of(new Condition.TextRelation(a.get(), equal ? Relation.EQUALS : Relation.NOT_EQUALS, b.get()));
        }
        Optional<Condition> flag = flagEquality(left, right, equal).or(() -> flagEquality(right, left, equal));
        return flag.isPresent() ? flag : numeric(left, equal ? Comparison.EQUAL : Comparison.NOT_EQUAL, right);
    }

    /** {@code request.stream == true}: the flag or its negation. */
    private static Optional<Condition> flagEquality(CelExpr fact, CelExpr constant, boolean equal) {
        if (constant.getKind() != Kind.CONSTANT || constant.constant().getKind() != CelConstant.Kind.BOOLEAN_VALUE) {
            return Optional.empty();
        }
        boolean holdsWhenSet = equal == constant.constant().booleanValue();
        return flag(fact).map(read -> holdsWhenSet ? new Condition.FlagIs(read) : new Condition.Not(new Condition.FlagIs(read)));
    }

    /** A numeric fact against a constant of its own CEL type, on either side; other mixes are left to CEL. */
    private static Optional<Condition> numeric(CelExpr left, Comparison comparison, CelExpr right) {
        return factAgainstConstant(left, comparison, right).or(() -> factAgainstConstant(right, comparison.swapped(), left));
    }

    private static Optional<Condition> factAgainstConstant(CelExpr fact, Comparison comparison, CelExpr constant) {
        if (constant.getKind() != Kind.CONSTANT) {
            return Optional.empty();
        }
        CelConstant value = constant.constant();
        return fact(fact).map(Fact::reader).flatMap(reader -> {
            if (reader instanceof Fact.Whole whole && value.getKind() == CelConstant.Kind.INT64_VALUE) {
                return Optional.of(new Condition.WholeComparison(whole.read(), comparison, value.int64Value()));
            }
            if (reader instanceof Fact.Decimal decimal && value.getKind() == CelConstant.Kind.DOUBLE_VALUE) {
                return Optional.of(new Condition.DecimalComparison(decimal.read(), comparison, value.doubleValue()));
            }
            return Optional.empty();
        });
    }

    /** {@code x in ["a", "b"]}, {@code x in key.tags}, {@code x in request.metadata}. */
    private static Optional<Condition> membership(CelExpr needle, CelExpr haystack) {
        Optional<TextTerm> term = text(needle);
        if (term.isEmpty()) {
            return Optional.empty();
        }
        if (haystack.getKind() == Kind.LIST) {
            Set<String> strings = new HashSet<>();
            for (CelExpr element : haystack.list().elements()) {
                if (element.getKind() != Kind.CONSTANT || element.constant().getKind() != CelConstant.Kind.STRING_VALUE) {
                    return Optional.empty();
                }
                strings.add(element.constant().stringValue());
            }
            return Optional.of(new Condition.TextInSet(term.get(), Set.copyOf(strings)));
        }
        Optional<Fact.Reader> reader = fact(haystack).map(Fact::reader);
        if (reader.isPresent() && reader.get() instanceof Fact.Texts list) {
            return Optional.of(new Condition.TextInList(term.get(), list.read()));
        }
        if (reader.isPresent() && reader.get() instanceof Fact.Entries map) {
            return Optional.of(new Condition.HasEntry(term.get(), map.read()));
        }
        return Optional.empty();
    }

    /** A string operand: a string constant, a string fact, or {@code request.metadata.task} / {@code ["task"]}. */
    private static Optional<TextTerm> text(CelExpr expr) {
        if (expr.getKind() == Kind.CONSTANT) {
            return expr.constant().getKind() == CelConstant.Kind.STRING_VALUE
                    ? Optional.of(new TextTerm.Literal(expr.constant().stringValue())) : Optional.empty();
        }
        if (expr.getKind() == Kind.SELECT && !expr.select().testOnly()) {
            Optional<Fact.Reader> reader = fact(expr).map(Fact::reader);
            if (reader.isPresent()) {
                return reader.get() instanceof Fact.Text text ? Optional.of(new TextTerm.FactText(text.read())) : Optional.empty();
            }
            return entries(expr.select().operand()).map(map -> new TextTerm.Lookup(map.read(), expr.select().field()));
        }
        if (isCall(expr, "_[_]") && expr.call().target().isEmpty()) {
            CelExpr key = expr.call().args().get(1);
            if (key.getKind() == Kind.CONSTANT && key.constant().getKind() == CelConstant.Kind.STRING_VALUE) {
                return entries(expr.call().args().get(0)).map(map -> new TextTerm.Lookup(map.read(), key.constant().stringValue()));
            }
        }
        return Optional.empty();
    }

    private static Optional<Predicate<RoutingFacts>> flag(CelExpr expr) {
        return fact(expr).map(Fact::reader).filter(Fact.Flag.class::isInstance).map(reader -> ((Fact.Flag) reader).read());
    }

    private static Optional<Fact.Entries> entries(CelExpr expr) {
        return fact(expr).map(Fact::reader).filter(Fact.Entries.class::isInstance).map(Fact.Entries.class::cast);
    }

    /** {@code request.model}: a field selected from a variable. */
    private static Optional<Fact> fact(CelExpr expr) {
        if (expr.getKind() != Kind.SELECT || expr.select().testOnly() || expr.select().operand().getKind() != Kind.IDENT) {
            return Optional.empty();
        }
        return Fact.find(expr.select().operand().ident().name(), expr.select().field());
    }

    private static boolean isCall(CelExpr expr, String function) {
        return expr.getKind() == Kind.CALL && expr.call().function().equals(function);
    }
}
