package dev.heimdall.governance.guardrails.secrets;

import dev.heimdall.governance.guardrails.Category;
import dev.heimdall.governance.guardrails.Detector;
import dev.heimdall.governance.guardrails.Match;
import dev.heimdall.governance.guardrails.MatchSink;
import dev.heimdall.governance.guardrails.text.KeywordAutomaton;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Runs a rule set over a text: one pass finds where the rules' keywords occur, then only those rules' regexes run,
 * and a rule whose matches always start with a keyword runs only at those places (see {@link LiteralPrefixes}). A
 * match of a generic rule is dropped when a specific rule found a secret that contains it, as gitleaks does.
 */
final class SecretDetector implements Detector {

    private static final String PEM_BEGIN = "-----begin";
    private static final String PEM_END = "-----end";

    private final List<SecretRule> rules;
    private final boolean[] enabled;
    private final KeywordAutomaton keywords;
    private final int[][] rulesByKeyword;
    private final boolean pemRule;

    SecretDetector(List<SecretRule> rules, boolean[] enabled, KeywordAutomaton keywords, int[][] rulesByKeyword) {
        this.rules = rules;
        this.enabled = enabled;
        this.keywords = keywords;
        this.rulesByKeyword = rulesByKeyword;
        boolean pem = false;
        for (int r = 0; r < rules.size(); r++) {
            pem |= enabled[r] && rules.get(r).keywords().contains(PEM_BEGIN);
        }
        this.pemRule = pem;
    }

    @Override
    public void detect(CharSequence text, MatchSink sink) {
        int size = rules.size();
        boolean[] everywhere = new boolean[size];
        int[][] starts = new int[size][];
        int[] counts = new int[size];
        for (int r = 0; r < size; r++) {
            everywhere[r] = enabled[r] && rules.get(r).keywords().isEmpty();
        }
        if (keywords != null) {
            keywords.scan(text, (keyword, end) -> {
                int start = -1;
                for (int r : rulesByKeyword[keyword]) {
                    if (!enabled[r]) {
                        continue;
                    }
                    if (!rules.get(r).anchored()) {
                        everywhere[r] = true;
                        continue;
                    }
                    if (start < 0) {
                        start = keywords.startOf(text, keyword, end);
                    }
                    if (starts[r] == null) {
                        starts[r] = new int[8];
                    } else if (counts[r] == starts[r].length) {
                        starts[r] = Arrays.copyOf(starts[r], counts[r] * 2);
                    }
                    starts[r][counts[r]++] = start;
                }
            });
        }
        Collected collected = new Collected(sink);
        ReadBudget budgeted = new ReadBudget(text, ReadBudget.forLength(text.length()));
        try {
            for (int r = 0; r < size; r++) {
                SecretRule rule = rules.get(r);
                collected.generic = rule.generic();
                if (everywhere[r]) {
                    rule.find(budgeted, collected);
                } else if (counts[r] > 0) {
                    Arrays.sort(starts[r], 0, counts[r]);
                    rule.findAt(budgeted, starts[r], counts[r], collected);
                }
            }
        } catch (ReadBudget.Exhausted e) {
            collected.generic = false;
            int length = text.length();
            collected.match(new Match(SecretRuleSet.SCAN_LIMIT_RULE, Category.SECRETS, 0, length, 0, length));
        }
        collected.emit();
    }

    /**
     * A PEM private key runs to several kilobytes, beyond any sensible stream window, and its rule matches only once
     * the END line has arrived: hold back from the last BEGIN line that has no END line after it.
     */
    @Override
    public int openFrom(CharSequence text) {
        if (!pemRule) {
            return -1;
        }
        int begin = lastIndexOfIgnoreCase(text, PEM_BEGIN, text.length());
        if (begin < 0) {
            return -1;
        }
        int end = lastIndexOfIgnoreCase(text, PEM_END, text.length());
        boolean endLineComplete = end > begin
                && lastIndexOfIgnoreCase(text, "-----", text.length()) >= end + PEM_END.length();
        return endLineComplete ? -1 : begin;
    }

    private static int lastIndexOfIgnoreCase(CharSequence text, String lower, int before) {
        outer:
        for (int i = before - lower.length(); i >= 0; i--) {
            for (int j = 0; j < lower.length(); j++) {
                if (Character.toLowerCase(text.charAt(i + j)) != lower.charAt(j)) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    /** Holds the matches back until every rule has run, to drop generic ones that a specific one covers. */
    private static final class Collected implements MatchSink {
        private final MatchSink sink;
        private final List<Match> specific = new ArrayList<>();
        private final List<Match> fromGeneric = new ArrayList<>();
        private boolean generic;

        Collected(MatchSink sink) {
            this.sink = sink;
        }

        @Override
        public void match(Match match) {
            (generic ? fromGeneric : specific).add(match);
        }

        @Override
        public void rejected(int start, int end) {
            sink.rejected(start, end);
        }

        void emit() {
            specific.forEach(sink::match);
            for (Match match : fromGeneric) {
                if (specific.stream().noneMatch(s -> s.start() <= match.start() && match.end() <= s.end())) {
                    sink.match(match);
                }
            }
        }
    }
}
