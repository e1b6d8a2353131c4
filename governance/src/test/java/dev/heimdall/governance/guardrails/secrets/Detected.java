package dev.heimdall.governance.guardrails.secrets;

import dev.heimdall.governance.guardrails.Match;
import dev.heimdall.governance.guardrails.MatchSink;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Runs a rule set's detector directly and lists what it reported. */
final class Detected {

    private Detected() {
    }

    static List<Match> matches(SecretRuleSet rules, String text) {
        List<Match> found = new ArrayList<>();
        rules.detector(Set.of()).detect(text, new MatchSink() {
            @Override
            public void match(Match match) {
                found.add(match);
            }

            @Override
            public void rejected(int start, int end) {
            }
        });
        return found;
    }

    static List<String> ids(SecretRuleSet rules, String text) {
        return matches(rules, text).stream().map(Match::ruleId).toList();
    }

    static List<String> spans(SecretRuleSet rules, String text) {
        return matches(rules, text).stream().map(m -> text.substring(m.start(), m.end())).toList();
    }
}
