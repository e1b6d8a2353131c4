package dev.heimdall.governance.guardrails.secrets;

import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;

/**
 * The literal texts every match of a (Java) regex must start with, lower-cased: {@code \b(ghp_|gho_)[a-z]{36}} gives
 * {@code ghp_} and {@code gho_}. A rule whose every prefix starts with one of its keywords can only match where a
 * keyword occurs, so the detector tries it at those few places instead of at every position of the text; for a rule
 * triggered by a common keyword ({@code ey} for JWTs, {@code key} for the generic rule) that is most of the cost of
 * a scan. Understands literals, escapes, small character classes, groups, alternation, {@code ?}, zero-width
 * assertions and inline flags; anything else ends a prefix, and an unknown start gives no prefixes at all (the rule
 * then runs everywhere, as before).
 */
final class LiteralPrefixes {

    private static final int MAX_PREFIXES = 256;
    private static final int MAX_CLASS = 4;

    /** A prefix, and whether the regex may continue after it with more literal text. */
    private record Prefix(String text, boolean open) {
    }

    /** An atom that matches characters of no small literal set (a class, {@code \\w}, {@code .}): prefixes end. */
    private static final Set<Prefix> ANY = Collections.unmodifiableSet(new LinkedHashSet<>());

    private final String regex;
    private int pos;

    private LiteralPrefixes(String regex) {
        this.regex = regex;
    }

    /** The prefixes, or an empty set when some match could start with anything. */
    static Set<String> of(String javaRegex) {
        try {
            Set<Prefix> prefixes = new LiteralPrefixes(javaRegex).alternation();
            Set<String> texts = new LinkedHashSet<>();
            for (Prefix prefix : prefixes) {
                if (prefix.text().isEmpty()) {
                    return Set.of();
                }
                texts.add(prefix.text().toLowerCase(Locale.ROOT));
            }
            return texts;
        } catch (Unknown e) {
            return Set.of();
        }
    }

    /** Whether every match starts with one of the keywords (lower-case). */
    static boolean anchoredAt(String javaRegex, Iterable<String> keywords) {
        Set<String> prefixes = of(javaRegex);
        if (prefixes.isEmpty()) {
            return false;
        }
        for (String prefix : prefixes) {
            boolean covered = false;
            for (String keyword : keywords) {
                covered |= prefix.startsWith(keyword);
            }
            if (!covered) {
                return false;
            }
        }
        return true;
    }

    private Set<Prefix> alternation() {
        Set<Prefix> all = new LinkedHashSet<>(sequence());
        while (pos < regex.length() && regex.charAt(pos) == '|') {
            pos++;
            all.addAll(sequence());
            limit(all);
        }
        return all;
    }

    private Set<Prefix> sequence() {
        Set<Prefix> current = Set.of(new Prefix("", true));
        while (pos < regex.length() && regex.charAt(pos) != '|' && regex.charAt(pos) != ')') {
            Set<Prefix> atom = atom();
            current = quantified(current, atom);
        }
        return current;
    }

    /** Appends an atom (null: zero-width) to every open prefix, honouring a quantifier after it. */
    private Set<Prefix> quantified(Set<Prefix> current, Set<Prefix> atom) {
        char q = pos < regex.length() ? regex.charAt(pos) : 0;
        boolean optional = q == '?' || q == '*' || (q == '{' && regex.startsWith("{0", pos));
        boolean repeated = q == '*' || q == '+' || q == '{';
        if (q == '?' || q == '*' || q == '+') {
            pos++;
            if (pos < regex.length() && (regex.charAt(pos) == '?' || regex.charAt(pos) == '+')) {
                pos++;
            }
        } else if (q == '{') {
            int close = regex.indexOf('}', pos);
            if (close < 0) {
                throw new Unknown();
            }
            pos = close + 1;
            if (pos < regex.length() && (regex.charAt(pos) == '?' || regex.charAt(pos) == '+')) {
                pos++;
            }
        }
        if (atom == null) {
            return current;
        }
        Set<Prefix> next = new LinkedHashSet<>();
        for (Prefix prefix : current) {
            if (!prefix.open() || atom == ANY) {
                next.add(new Prefix(prefix.text(), false));
                continue;
            }
            if (optional) {
                next.add(new Prefix(prefix.text(), !repeated));
            }
            if (!optional || !repeated) {
                for (Prefix tail : atom) {
                    next.add(new Prefix(prefix.text() + tail.text(), tail.open() && !repeated));
                }
            }
        }
        limit(next);
        return next;
    }

    /** The prefixes one atom contributes, {@link #ANY} for a non-literal one, or null for a zero-width one. */
    private Set<Prefix> atom() {
        char c = regex.charAt(pos);
        switch (c) {
            case '^', '$' -> {
                pos++;
                return null;
            }
            case '(' -> {
                return group();
            }
            case '[' -> {
                return characterClass();
            }
            case '\\' -> {
                return escape();
            }
            case '.' -> {
                pos++;
                return ANY;
            }
            default -> {
                pos++;
                return Set.of(new Prefix(String.valueOf(c), true));
            }
        }
    }

    private Set<Prefix> group() {
        pos++;
        if (regex.startsWith("?", pos)) {
            if (regex.startsWith("?=", pos) || regex.startsWith("?!", pos) || regex.startsWith("?<=", pos)
                    || regex.startsWith("?<!", pos)) {
                pos = closing(pos, ')') + 1;
                return null;
            }
            int colon = pos;
            while (colon < regex.length() && "?-imsuxdU".indexOf(regex.charAt(colon)) >= 0) {
                colon++;
            }
            if (regex.substring(pos, colon).indexOf('x') >= 0) {
                throw new Unknown();
            }
            if (colon < regex.length() && regex.charAt(colon) == ')') {
                pos = colon + 1;
                return null;
            }
            if (regex.startsWith("?<", pos)) {
                colon = regex.indexOf('>', pos);
            }
            if (colon >= regex.length() || (regex.charAt(colon) != ':' && regex.charAt(colon) != '>')) {
                throw new Unknown();
            }
            pos = colon + 1;
        }
        Set<Prefix> inner = alternation();
        if (pos >= regex.length() || regex.charAt(pos) != ')') {
            throw new Unknown();
        }
        pos++;
        return inner;
    }

    private Set<Prefix> characterClass() {
        int end = closing(pos + 1, ']');
        boolean negated = regex.startsWith("^", pos + 1);
        Set<Prefix> members = new LinkedHashSet<>();
        for (int p = pos + 1; p < end && !negated; p++) {
            char c = regex.charAt(p);
            boolean range = c == '-' && p > pos + 1 && p + 1 < end;
            if (c == '\\') {
                c = regex.charAt(++p);
                if (Character.isLetterOrDigit(c)) {
                    members = null;
                    break;
                }
            } else if (c == '[' || c == '&' || range) {
                members = null;
                break;
            }
            members.add(new Prefix(String.valueOf(c), true));
        }
        pos = end + 1;
        return negated || members == null || members.size() > MAX_CLASS ? ANY : members;
    }

    /** The index of the {@code )} or {@code ]} that closes the group or class whose content starts at {@code from}. */
    private int closing(int from, char close) {
        char open = close == ')' ? '(' : '[';
        int depth = 0;
        for (int p = from; p < regex.length(); p++) {
            char c = regex.charAt(p);
            if (c == '\\') {
                p++;
            } else if (close == ')' && c == '[') {
                p = closing(p + 1, ']');
            } else if (c == open) {
                depth++;
            } else if (c == close) {
                if (depth == 0) {
                    return p;
                }
                depth--;
            }
        }
        throw new Unknown();
    }

    private Set<Prefix> escape() {
        char c = regex.charAt(pos + 1);
        pos += 2;
        if (c == 'b' || c == 'B' || c == 'A' || c == 'z' || c == 'Z' || c == 'G') {
            return null;
        }
        if (c == 'Q' || c == 'k') {
            throw new Unknown();
        }
        if (Character.isLetterOrDigit(c)) {
            if (c == 'x' || c == 'u' || c == 'p' || c == 'P' || c == 'c') {
                skipEscapeArgument(c);
            }
            return ANY;
        }
        return Set.of(new Prefix(String.valueOf(c), true));
    }

    /** Skips the argument of {@code \\xhh}, {@code \\x{h..}}, {@code \\uhhhh}, {@code \\p{..}} or {@code \\cX}. */
    private void skipEscapeArgument(char escape) {
        if (pos < regex.length() && regex.charAt(pos) == '{') {
            int close = regex.indexOf('}', pos);
            if (close < 0) {
                throw new Unknown();
            }
            pos = close + 1;
        } else {
            pos += switch (escape) {
                case 'x' -> 2;
                case 'u' -> 4;
                default -> 1;
            };
        }
    }

    private static void limit(Set<Prefix> prefixes) {
        if (prefixes.size() > MAX_PREFIXES) {
            throw new Unknown();
        }
    }

    /** The regex uses something this reading does not follow. */
    private static final class Unknown extends RuntimeException {
        Unknown() {
            super(null, null, false, false);
        }
    }
}
