package dev.heimdall.loadtest.mock;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The fault rules of a running mock, thread-safe. Rules are tried in the order they were added; the first one
 * that matches a request and hits (see {@link FaultRule#rate()}) decides. A rule whose {@code times} are used up is
 * removed.
 */
public final class Faults {
    private final CopyOnWriteArrayList<Active> rules = new CopyOnWriteArrayList<>();
    private final AtomicLong ids = new AtomicLong();

    private static final class Active {
        final String id;
        final FaultRule rule;
        final AtomicLong matched = new AtomicLong();
        final AtomicInteger remaining;

        Active(String id, FaultRule rule) {
            this.id = id;
            this.rule = rule;
            this.remaining = new AtomicInteger(rule.times());
        }
    }

    /** Adds a rule; returns its id (for {@link #remove(String)} and {@code DELETE /_mock/faults/{id}}). */
    public String add(FaultRule rule) {
        String id = "f" + ids.incrementAndGet();
        if (rule.times() != 0) {
            rules.add(new Active(id, rule));
        }
        return id;
    }

    public boolean remove(String id) {
        return rules.removeIf(a -> a.id.equals(id));
    }

    public void clear() {
        rules.clear();
    }

    /** The rules still active, in order. */
    public List<FaultRule> rules() {
        return rules.stream().map(a -> a.rule).toList();
    }

    /** The action for a request, or null if no rule hits it. Counts the match and the hit. */
    FaultAction apply(String provider, String model, String apiKey, String path) {
        if (rules.isEmpty()) {
            return null;
        }
        for (Active a : rules) {
            if (!a.rule.match().matches(provider, model, apiKey, path)) {
                continue;
            }
            long n = a.matched.incrementAndGet();
            double rate = a.rule.rate();
            if ((long) Math.floor(n * rate) <= (long) Math.floor((n - 1) * rate)) {
                continue;
            }
            if (a.rule.times() < 0) {
                return a.rule.action();
            }
            int left = a.remaining.getAndUpdate(r -> r > 0 ? r - 1 : r);
            if (left <= 0) {
                continue;
            }
            if (left == 1) {
                rules.remove(a);
            }
            return a.rule.action();
        }
        return null;
    }

    ArrayNode toJson() {
        ArrayNode out = JsonNodeFactory.instance.arrayNode();
        for (Active a : rules) {
            ObjectNode json = a.rule.toJson();
            json.put("id", a.id).put("matched", a.matched.get()).put("remaining", a.remaining.get());
            out.add(json);
        }
        return out;
    }
}
