package dev.heimdall.governance.guardrails.secrets;

import dev.heimdall.governance.guardrails.text.KeywordAutomaton;

import java.util.List;
import java.util.regex.Pattern;

/**
 * A gitleaks allowlist: a match it covers is not a secret. Its regexes test the secret, the whole match or the line
 * (its {@code regexTarget}); its stopwords test the secret, case-insensitively. With condition {@code OR} (the
 * default) either kind suffices, with {@code AND} every kind present must agree. Path and commit conditions mean
 * nothing for a prompt, so the loader drops allowlists that depend on them.
 */
final class RuleAllowlist {

    enum Target { SECRET, MATCH, LINE }

    private final List<Pattern> regexes;
    private final Target target;
    private final KeywordAutomaton stopwords;
    private final boolean all;

    RuleAllowlist(List<Pattern> regexes, Target target, List<String> stopwords, boolean all) {
        this.regexes = List.copyOf(regexes);
        this.target = target;
        this.stopwords = stopwords.isEmpty() ? null : KeywordAutomaton.of(stopwords);
        this.all = all;
    }

    boolean allows(CharSequence text, int secretStart, int secretEnd, int matchStart, int matchEnd) {
        boolean regexHit = !regexes.isEmpty()
                && regexHit(targetText(text, secretStart, secretEnd, matchStart, matchEnd));
        boolean stopwordHit = stopwords != null && stopwords.containsAny(text.subSequence(secretStart, secretEnd));
        if (all) {
            return (regexes.isEmpty() || regexHit) && (stopwords == null || stopwordHit);
        }
        return regexHit || stopwordHit;
    }

    private boolean regexHit(CharSequence target) {
        for (Pattern regex : regexes) {
            if (regex.matcher(target).find()) {
                return true;
            }
        }
        return false;
    }

    private CharSequence targetText(CharSequence text, int secretStart, int secretEnd, int matchStart, int matchEnd) {
        return switch (target) {
            case SECRET -> text.subSequence(secretStart, secretEnd);
            case MATCH -> text.subSequence(matchStart, matchEnd);
            case LINE -> {
                int from = matchStart;
                while (from > 0 && text.charAt(from - 1) != '\n') {
                    from--;
                }
                int to = matchEnd;
                while (to < text.length() && text.charAt(to) != '\n') {
                    to++;
                }
                yield text.subSequence(from, to);
            }
        };
    }
}
