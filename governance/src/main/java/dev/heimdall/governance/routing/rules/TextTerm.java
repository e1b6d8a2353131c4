package dev.heimdall.governance.routing.rules;

import java.util.Map;
import java.util.function.Function;

/** A string operand of a compiled condition: a literal, a string fact, or a metadata entry. */
sealed interface TextTerm {

    /** The value, or null when reading it is a CEL error (the request has no such metadata entry). */
    String value(RoutingFacts facts);

    record Literal(String text) implements TextTerm {
        @Override
        public String value(RoutingFacts facts) {
            return text;
        }
    }

    record FactText(Function<RoutingFacts, String> fact) implements TextTerm {
        @Override
        public String value(RoutingFacts facts) {
            return fact.apply(facts);
        }
    }

    /** {@code request.metadata.task}: an error, not an empty string, when the request has no {@code task}. */
    record Lookup(Function<RoutingFacts, Map<String, String>> map, String key) implements TextTerm {
        @Override
        public String value(RoutingFacts facts) {
            return map.apply(facts).get(key);
        }
    }
}
