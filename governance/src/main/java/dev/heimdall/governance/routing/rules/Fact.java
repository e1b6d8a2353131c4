package dev.heimdall.governance.routing.rules;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.ToDoubleFunction;
import java.util.function.ToLongFunction;
import java.util.stream.Collectors;

/**
 * Every value a routing rule can read: the CEL variable and field it appears as ({@code request.model}), and how it
 * is read from the routing facts. The one list of what rules may use: the CEL environment declares these variables,
 * the CEL runtime reads them through {@link CelFacts}, and the compiled conditions read them directly.
 */
enum Fact {
    MODEL("request", "model", new Text(RoutingFacts::model)),
    INGRESS("request", "ingress", new Text(RoutingFacts::ingress)),
    STREAM("request", "stream", new Flag(RoutingFacts::stream)),
    ESTIMATED_TOKENS("request", "estimated_tokens", new Whole(RoutingFacts::estimatedTokens)),
    METADATA("request", "metadata", new Entries(RoutingFacts::metadata)),
    KEY_NAME("key", "name", new Text(facts -> facts.key().name())),
    KEY_TEAM("key", "team", new Text(facts -> facts.key().team())),
    KEY_CUSTOMER("key", "customer", new Text(facts -> facts.key().customer())),
    KEY_TAGS("key", "tags", new Texts(facts -> facts.key().tags())),
    HOUR("time", "hour", new Whole(RoutingFacts::hour)),
    MINUTE("time", "minute", new Whole(RoutingFacts::minute)),
    DAY_OF_WEEK("time", "day_of_week", new Text(RoutingFacts::dayOfWeek)),
    WEEKEND("time", "weekend", new Flag(RoutingFacts::weekend)),
    BUDGET_USED_PERCENT("budget", "used_percent", new Decimal(RoutingFacts::budgetUsedPercent));

    private static final Map<String, List<Fact>> BY_VARIABLE = Arrays.stream(values())
            .collect(Collectors.groupingBy(Fact::variable, Collectors.toUnmodifiableList()));

    private final String variable;
    private final String field;
    private final Reader reader;

    Fact(String variable, String field, Reader reader) {
        this.variable = variable;
        this.field = field;
        this.reader = reader;
    }

    String variable() {
        return variable;
    }

    String field() {
        return field;
    }

    Reader reader() {
        return reader;
    }

    /** The CEL variables: {@code request}, {@code key}, {@code time}, {@code budget}. */
    static Set<String> variables() {
        return BY_VARIABLE.keySet();
    }

    /** The facts a CEL variable holds, empty when the name is not a variable. */
    static List<Fact> of(String variable) {
        return BY_VARIABLE.getOrDefault(variable, List.of());
    }

    static Optional<Fact> find(String variable, String field) {
        for (Fact fact : of(variable)) {
            if (fact.field.equals(field)) {
                return Optional.of(fact);
            }
        }
        return Optional.empty();
    }

    /** How a fact is read; the reader's kind is the fact's type as the CEL runtime sees it. */
    sealed interface Reader {

        /** The value as the CEL runtime expects it (CEL integers are {@code Long}). */
        Object celValue(RoutingFacts facts);
    }

    record Text(Function<RoutingFacts, String> read) implements Reader {
        @Override
        public Object celValue(RoutingFacts facts) {
            return read.apply(facts);
        }
    }

    record Whole(ToLongFunction<RoutingFacts> read) implements Reader {
        @Override
        public Object celValue(RoutingFacts facts) {
            return read.applyAsLong(facts);
        }
    }

    record Decimal(ToDoubleFunction<RoutingFacts> read) implements Reader {
        @Override
        public Object celValue(RoutingFacts facts) {
            return read.applyAsDouble(facts);
        }
    }

    record Flag(Predicate<RoutingFacts> read) implements Reader {
        @Override
        public Object celValue(RoutingFacts facts) {
            return read.test(facts);
        }
    }

    record Texts(Function<RoutingFacts, List<String>> read) implements Reader {
        @Override
        public Object celValue(RoutingFacts facts) {
            return read.apply(facts);
        }
    }

    record Entries(Function<RoutingFacts, Map<String, String>> read) implements Reader {
        @Override
        public Object celValue(RoutingFacts facts) {
            return read.apply(facts);
        }
    }
}
