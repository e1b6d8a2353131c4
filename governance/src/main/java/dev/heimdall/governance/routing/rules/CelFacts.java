package dev.heimdall.governance.routing.rules;

import dev.cel.runtime.CelVariableResolver;

import java.util.AbstractMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The routing facts as the CEL runtime sees them: each variable ({@code request}, {@code key}, ...) a read-only map
 * whose values are read from the record when the condition asks for them. Nothing is copied per request: a condition
 * that reads {@code request.model} reads one field, where a prepared map of every fact would be built for each
 * request and copied again by the runtime for each condition.
 */
final class CelFacts implements CelVariableResolver {

    private final RoutingFacts facts;

    CelFacts(RoutingFacts facts) {
        this.facts = facts;
    }

    @Override
    public Optional<Object> find(String name) {
        List<Fact> fields = Fact.of(name);
        return fields.isEmpty() ? Optional.empty() : Optional.of(new Variable(fields, facts));
    }

    /** One variable's facts; the runtime selects a field with {@code containsKey} and {@code get}. */
    private static final class Variable extends AbstractMap<String, Object> {

        private final List<Fact> fields;
        private final RoutingFacts facts;

        Variable(List<Fact> fields, RoutingFacts facts) {
            this.fields = fields;
            this.facts = facts;
        }

        @Override
        public boolean containsKey(Object field) {
            return fact(field) != null;
        }

        @Override
        public Object get(Object field) {
            Fact fact = fact(field);
            return fact == null ? null : fact.reader().celValue(facts);
        }

        @Override
        public int size() {
            return fields.size();
        }

        @Override
        public Set<Entry<String, Object>> entrySet() {
            return fields.stream().map(fact -> Map.entry(fact.field(), fact.reader().celValue(facts)))
                    .collect(Collectors.toUnmodifiableSet());
        }

        private Fact fact(Object field) {
            for (Fact fact : fields) {
                if (fact.field().equals(field)) {
                    return fact;
                }
            }
            return null;
        }
    }
}
