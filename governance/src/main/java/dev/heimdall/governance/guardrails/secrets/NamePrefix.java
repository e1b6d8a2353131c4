package dev.heimdall.governance.guardrails.secrets;

/**
 * gitleaks' keyword rules open with a lazy {@code [\w.-]{0,50}?} so that a match includes the whole variable name
 * in front of the keyword ({@code prod_api_key = ...}). A backtracking engine tries up to 51 lengths of it at every
 * position of the text, which made those rules some fifty times slower than the others. It never changes which
 * secret a rule finds, only where the match starts, so it is cut from the regex and the match start is moved back
 * over the same characters afterwards: allowlists that test the whole match still see the name.
 */
final class NamePrefix {

    private static final String LAZY_NAME = "[\\w.-]{0,50}?";
    private static final int NAME_LENGTH = 50;

    /** The regex without its name prefixes, and how many name characters may precede a match. */
    record Stripped(String regex, int nameLength) {
    }

    private NamePrefix() {
    }

    static Stripped strip(String re2) {
        String regex = re2;
        int nameLength = 0;
        boolean changed = true;
        while (changed) {
            changed = false;
            for (String opening : new String[]{"", "(?i)", "(?i:"}) {
                if (regex.startsWith(opening + LAZY_NAME)) {
                    regex = opening + regex.substring(opening.length() + LAZY_NAME.length());
                    nameLength += NAME_LENGTH;
                    changed = true;
                }
            }
        }
        return new Stripped(regex, nameLength);
    }

    /** Where the match would have started with the prefix: back over up to {@code nameLength} name characters. */
    static int extend(CharSequence text, int start, int nameLength) {
        int p = start;
        while (p > 0 && start - p < nameLength && nameChar(text.charAt(p - 1))) {
            p--;
        }
        return p;
    }

    private static boolean nameChar(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '.'
                || c == '-';
    }
}
