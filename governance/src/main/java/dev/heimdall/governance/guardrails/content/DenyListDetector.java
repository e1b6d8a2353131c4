package dev.heimdall.governance.guardrails.content;

import dev.heimdall.governance.guardrails.Category;
import dev.heimdall.governance.guardrails.Detector;
import dev.heimdall.governance.guardrails.GuardrailPolicy;
import dev.heimdall.governance.guardrails.Match;
import dev.heimdall.governance.guardrails.MatchSink;
import dev.heimdall.governance.guardrails.text.KeywordAutomaton;

import java.util.List;

/**
 * Words and phrases that must not pass, found all at once whatever their number: case-insensitive, whole words only
 * ({@code "aurora"} does not match {@code "auroras"}), and a phrase matches across any run of whitespace.
 */
public final class DenyListDetector implements Detector {

    private final KeywordAutomaton terms;

    public DenyListDetector(List<String> terms) {
        this.terms = KeywordAutomaton.of(terms);
    }

    @Override
    public void detect(CharSequence text, MatchSink sink) {
        terms.scan(text, (term, end) -> {
            int start = terms.startOf(text, term, end);
            if (wordEdge(text, start - 1, start) && wordEdge(text, end - 1, end)) {
                sink.match(Match.of(GuardrailPolicy.DENY_LIST_RULE, Category.DENY_LIST, start, end));
            }
        });
    }

    /** No word continues across the boundary between positions {@code before} and {@code after}. */
    private static boolean wordEdge(CharSequence text, int before, int after) {
        return before < 0 || after >= text.length() || !(word(text.charAt(before)) && word(text.charAt(after)));
    }

    private static boolean word(char c) {
        return Character.isLetterOrDigit(c) || c == '_';
    }
}
