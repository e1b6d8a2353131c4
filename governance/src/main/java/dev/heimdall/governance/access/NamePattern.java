package dev.heimdall.governance.access;

/**
 * A name with {@code *} wildcards, each matching any run of characters (slashes included, so {@code openai/*}
 * covers {@code openai/ft:gpt-4o:acme}). Matched by hand, without regular expressions: checked on every request.
 */
final class NamePattern {

    private final String text;
    /** The literal runs between the stars. */
    private final String[] parts;
    private final boolean anchoredStart;
    private final boolean anchoredEnd;

    NamePattern(String text) {
        if (text == null || text.isEmpty()) {
            throw new IllegalArgumentException("an allow-list entry must not be empty");
        }
        this.text = text;
        this.parts = text.split("\\*", -1);
        this.anchoredStart = !text.startsWith("*");
        this.anchoredEnd = !text.endsWith("*");
    }

    boolean wildcard() {
        return parts.length > 1;
    }

    String text() {
        return text;
    }

    boolean matches(String name) {
        if (!wildcard()) {
            return text.equals(name);
        }
        int from = 0;
        int last = parts.length - 1;
        if (anchoredStart) {
            if (!name.startsWith(parts[0])) {
                return false;
            }
            from = parts[0].length();
        }
        int end = name.length();
        if (anchoredEnd) {
            end -= parts[last].length();
            if (end < from || !name.startsWith(parts[last], end)) {
                return false;
            }
        }
        for (int i = 1; i < last; i++) {
            String part = parts[i];
            int found = name.indexOf(part, from);
            if (found < 0 || found + part.length() > end) {
                return false;
            }
            from = found + part.length();
        }
        return true;
    }
}
