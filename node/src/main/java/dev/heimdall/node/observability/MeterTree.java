package dev.heimdall.node.observability;

import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Meters found by their tag values, one map level per tag: a lookup on the hot path builds no key (no string
 * concatenation, no tuple) and allocates nothing once the meter exists. Each tree is used with one number of tags.
 *
 * @param <M> the meter type
 */
final class MeterTree<M> {

    private final ConcurrentHashMap<String, Object> root = new ConcurrentHashMap<>();
    private final Function<List<String>, M> create;

    /** @param create registers the meter for the tag values, in order; called once per combination */
    MeterTree(Function<List<String>, M> create) {
        this.create = create;
    }

    M get(String a) {
        return leaf(root, a, a, null, null, null);
    }

    M get(String a, String b) {
        return leaf(branch(root, a), b, a, b, null, null);
    }

    M get(String a, String b, String c) {
        return leaf(branch(branch(root, a), b), c, a, b, c, null);
    }

    M get(String a, String b, String c, String d) {
        return leaf(branch(branch(branch(root, a), b), c), d, a, b, c, d);
    }

    @SuppressWarnings("unchecked")
    private static ConcurrentHashMap<String, Object> branch(ConcurrentHashMap<String, Object> level, String tag) {
        Object next = level.get(tag);
        if (next == null) {
            next = level.computeIfAbsent(tag, k -> new ConcurrentHashMap<String, Object>());
        }
        return (ConcurrentHashMap<String, Object>) next;
    }

    @SuppressWarnings("unchecked")
    private M leaf(ConcurrentHashMap<String, Object> level, String tag, String a, String b, String c, String d) {
        Object meter = level.get(tag);
        if (meter == null) {
            // only a miss pays for the tag list (and the lambda capturing it)
            meter = level.computeIfAbsent(tag, k -> create.apply(tags(a, b, c, d)));
        }
        return (M) meter;
    }

    private static List<String> tags(String a, String b, String c, String d) {
        if (b == null) {
            return List.of(a);
        }
        if (c == null) {
            return List.of(a, b);
        }
        return d == null ? List.of(a, b, c) : List.of(a, b, c, d);
    }
}
