package dev.heimdall.governance.guardrails.secrets;

import dev.heimdall.governance.guardrails.Category;
import dev.heimdall.governance.guardrails.Match;
import dev.heimdall.governance.guardrails.MatchSink;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One secret rule, compiled: gitleaks' semantics. The secret is the rule's {@code secretGroup}, else its first
 * capture group that matched something, else the whole match; a match is dropped when the secret's entropy is at or
 * below the rule's threshold or an allowlist (the rule's own or a global one) covers it. Immutable and thread-safe.
 */
public final class SecretRule {

    private final String id;
    private final String description;
    private final Pattern regex;
    private final int secretGroup;
    private final int nameLength;
    private final double entropy;
    private final List<String> keywords;
    private final List<RuleAllowlist> allowlists;
    private final boolean anchored;
    private final boolean generic;

    SecretRule(String id, String description, Pattern regex, int nameLength, int secretGroup, double entropy,
               List<String> keywords, List<RuleAllowlist> allowlists) {
        this.id = id;
        this.description = description;
        this.regex = regex;
        this.nameLength = nameLength;
        this.secretGroup = secretGroup;
        this.entropy = entropy;
        this.keywords = List.copyOf(keywords);
        this.allowlists = List.copyOf(allowlists);
        this.anchored = LiteralPrefixes.anchoredAt(regex.pattern(), this.keywords);
        this.generic = id.contains("generic");
    }

    public String id() {
        return id;
    }

    public String description() {
        return description;
    }

    /** Lower-case words of which at least one must occur in a text before the regex runs; none: always runs. */
    public List<String> keywords() {
        return keywords;
    }

    /** gitleaks' catch-all rules, which give way to a specific rule that found the same secret. */
    boolean generic() {
        return generic;
    }

    /** Whether every match starts with one of the keywords, so that {@link #findAt} may replace {@link #find}. */
    boolean anchored() {
        return anchored;
    }

    /** Every match in the text, like gitleaks. */
    void find(CharSequence text, MatchSink sink) {
        Matcher m = regex.matcher(text);
        while (m.find()) {
            report(text, m, sink);
        }
    }

    /**
     * The matches that start at the given positions (ascending), for an {@link #anchored()} rule: the same matches
     * {@link #find} reports, since no other position can start one.
     */
    void findAt(CharSequence text, int[] starts, int count, MatchSink sink) {
        Matcher m = regex.matcher(text).useTransparentBounds(true).useAnchoringBounds(false);
        int resume = 0;
        for (int k = 0; k < count; k++) {
            int start = starts[k];
            if (start >= resume && m.region(start, text.length()).lookingAt()) {
                report(text, m, sink);
                resume = Math.max(m.end(), start + 1);
            }
        }
    }

    private void report(CharSequence text, Matcher m, MatchSink sink) {
        int matchStart = NamePrefix.extend(text, m.start(), nameLength);
        int matchEnd = m.end();
        while (matchEnd > matchStart && text.charAt(matchEnd - 1) == '\n') {
            matchEnd--;
        }
        if (matchEnd == matchStart) {
            return;
        }
        int group = secretGroup(m);
        int start = group == 0 ? matchStart : m.start(group);
        int end = group == 0 ? matchEnd : Math.min(m.end(group), matchEnd);
        if (end <= start || lowEntropy(text, start, end) || allowed(text, start, end, matchStart, matchEnd)) {
            sink.rejected(matchStart, matchEnd);
        } else {
            sink.match(new Match(id, Category.SECRETS, start, end, matchStart, matchEnd));
        }
    }

    private int secretGroup(Matcher m) {
        if (secretGroup > 0 && secretGroup <= m.groupCount() && m.start(secretGroup) >= 0) {
            return secretGroup;
        }
        for (int g = 1; g <= m.groupCount(); g++) {
            if (m.start(g) >= 0 && m.end(g) > m.start(g)) {
                return g;
            }
        }
        return 0;
    }

    private boolean lowEntropy(CharSequence text, int start, int end) {
        return entropy > 0 && ShannonEntropy.of(text.subSequence(start, end)) <= entropy;
    }

    private boolean allowed(CharSequence text, int start, int end, int matchStart, int matchEnd) {
        for (RuleAllowlist allowlist : allowlists) {
            if (allowlist.allows(text, start, end, matchStart, matchEnd)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return "SecretRule[" + id + "]";
    }
}
