package dev.heimdall.governance.access;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Names a policy allows: exact names in a hash set, wildcard patterns tried one by one. A null list allows
 * everything; an empty one allows nothing.
 */
final class AllowList {

    static final AllowList EVERYTHING = new AllowList(null);

    private final List<String> entries;
    private final Set<String> exact;
    private final NamePattern[] patterns;

    AllowList(List<String> entries) {
        this.entries = entries == null ? null : List.copyOf(entries);
        this.exact = new HashSet<>();
        List<NamePattern> wildcards = new ArrayList<>();
        if (entries != null) {
            for (String entry : entries) {
                NamePattern pattern = new NamePattern(entry);
                if (pattern.wildcard()) {
                    wildcards.add(pattern);
                } else {
                    exact.add(entry);
                }
            }
        }
        this.patterns = wildcards.toArray(NamePattern[]::new);
    }

    boolean unrestricted() {
        return entries == null;
    }

    boolean allows(String name) {
        if (entries == null || exact.contains(name)) {
            return true;
        }
        for (NamePattern pattern : patterns) {
            if (pattern.matches(name)) {
                return true;
            }
        }
        return false;
    }

    /** The entries as a client sees them in an error: {@code groq/*, mistral/*}, or {@code none}. */
    String describe() {
        return entries == null || entries.isEmpty() ? "none" : String.join(", ", entries);
    }
}
