package dev.heimdall.governance.guardrails.secrets;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Rewrites a Go (RE2) regular expression, as gitleaks writes them, into one that Java's engine reads the same way.
 * The differences that occur in rule files:
 * <ul>
 *   <li>a {@code {} that does not start a repetition is a literal in Go and an error in Java; a lone {@code }} too</li>
 *   <li>inside a character class Go reads {@code [} and {@code &} literally, Java as a nested class or an
 *       intersection; a {@code ]} right after the opening {@code [} or {@code [^} is a literal in Go</li>
 *   <li>POSIX classes such as {@code [:alpha:]} inside a class</li>
 *   <li>{@code (?P<name>...)} named groups (Java names are letters and digits only)</li>
 *   <li>without the {@code m} flag Go's {@code $} is the end of the text; Java's also matches before a final line
 *       break, so it becomes {@code \z}</li>
 * </ul>
 * Constructs with no equivalent (Go's ungreedy flag {@code U}, which Java reads as something else, and octal escapes,
 * which Java reads as back references) are refused.
 */
final class Re2Syntax {

    private static final Pattern MULTILINE_FLAG = Pattern.compile("\\(\\?[a-zA-Z-]*m");
    private static final Pattern UNGREEDY_FLAG = Pattern.compile("\\(\\?[a-zA-Z-]*U");
    private static final Map<String, String> POSIX = Map.ofEntries(
            Map.entry("alnum", "\\p{Alnum}"), Map.entry("alpha", "\\p{Alpha}"), Map.entry("ascii", "\\p{ASCII}"),
            Map.entry("blank", "\\p{Blank}"), Map.entry("cntrl", "\\p{Cntrl}"), Map.entry("digit", "\\p{Digit}"),
            Map.entry("graph", "\\p{Graph}"), Map.entry("lower", "\\p{Lower}"), Map.entry("print", "\\p{Print}"),
            Map.entry("punct", "\\p{Punct}"), Map.entry("space", "\\p{Space}"), Map.entry("upper", "\\p{Upper}"),
            Map.entry("word", "\\w"), Map.entry("xdigit", "\\p{XDigit}"));

    private Re2Syntax() {
    }

    /** @throws IllegalArgumentException for a construct Java cannot express the same way */
    static String toJava(String re2) {
        if (UNGREEDY_FLAG.matcher(re2).find()) {
            throw new IllegalArgumentException("the ungreedy flag (?U) has no Java equivalent");
        }
        boolean multiline = MULTILINE_FLAG.matcher(re2).find();
        Set<String> groupNames = new HashSet<>();
        StringBuilder out = new StringBuilder(re2.length() + 16);
        boolean inClass = false;
        int n = re2.length();
        int i = 0;
        while (i < n) {
            char c = re2.charAt(i);
            if (c == '\\') {
                i = escape(re2, i, out);
            } else if (inClass) {
                if (c == ']') {
                    inClass = false;
                    out.append(c);
                    i++;
                } else if (c == '[' && i + 1 < n && re2.charAt(i + 1) == ':') {
                    i = posixClass(re2, i, out);
                } else {
                    if (c == '[' || c == '&') {
                        out.append('\\');
                    }
                    out.append(c);
                    i++;
                }
            } else if (c == '[') {
                inClass = true;
                out.append(c);
                i++;
                if (i < n && re2.charAt(i) == '^') {
                    out.append('^');
                    i++;
                }
                if (i < n && re2.charAt(i) == ']') {
                    out.append("\\]");
                    i++;
                }
            } else if (c == '{') {
                int end = repetitionEnd(re2, i);
                if (end < 0) {
                    out.append("\\{");
                    i++;
                } else {
                    out.append(re2, i, end);
                    i = end;
                }
            } else if (c == '}') {
                out.append("\\}");
                i++;
            } else if (c == '$') {
                out.append(multiline ? "$" : "\\z");
                i++;
            } else if (re2.startsWith("(?P<", i)) {
                int close = re2.indexOf('>', i);
                if (close < 0) {
                    throw new IllegalArgumentException("unterminated group name at index " + i);
                }
                out.append("(?<").append(groupName(re2.substring(i + 4, close), groupNames)).append('>');
                i = close + 1;
            } else {
                out.append(c);
                i++;
            }
        }
        return out.toString();
    }

    private static int escape(String re2, int i, StringBuilder out) {
        if (i + 1 >= re2.length()) {
            throw new IllegalArgumentException("trailing backslash");
        }
        char next = re2.charAt(i + 1);
        if (next >= '1' && next <= '9') {
            throw new IllegalArgumentException("octal escape \\" + next + " at index " + i);
        }
        if (next == 'Q') {
            int end = re2.indexOf("\\E", i + 2);
            int stop = end < 0 ? re2.length() : end + 2;
            out.append(re2, i, stop);
            return stop;
        }
        out.append('\\').append(next);
        return i + 2;
    }

    private static int posixClass(String re2, int i, StringBuilder out) {
        int close = re2.indexOf(":]", i + 2);
        if (close < 0) {
            out.append("\\[");
            return i + 1;
        }
        String name = re2.substring(i + 2, close);
        boolean negated = name.startsWith("^");
        String java = POSIX.get(negated ? name.substring(1) : name);
        if (java == null) {
            throw new IllegalArgumentException("unknown POSIX class [:" + name + ":]");
        }
        if (negated) {
            java = java.equals("\\w") ? "\\W" : "\\P" + java.substring(2);
        }
        out.append(java);
        return close + 2;
    }

    /** The index after a repetition {n}, {n,} or {n,m} starting at {@code i}, or -1 when it is not one. */
    private static int repetitionEnd(String re2, int i) {
        int j = i + 1;
        int digits = 0;
        while (j < re2.length() && Character.isDigit(re2.charAt(j))) {
            j++;
            digits++;
        }
        if (digits == 0 || j >= re2.length()) {
            return -1;
        }
        if (re2.charAt(j) == ',') {
            j++;
            while (j < re2.length() && Character.isDigit(re2.charAt(j))) {
                j++;
            }
        }
        return j < re2.length() && re2.charAt(j) == '}' ? j + 1 : -1;
    }

    private static String groupName(String goName, Set<String> taken) {
        String base = goName.replaceAll("[^A-Za-z0-9]", "");
        if (base.isEmpty() || !Character.isLetter(base.charAt(0))) {
            base = "g" + base;
        }
        String name = base;
        for (int k = 2; !taken.add(name); k++) {
            name = base + k;
        }
        return name;
    }
}
