package dev.heimdall.governance.guardrails.content;

import dev.heimdall.governance.guardrails.Category;
import dev.heimdall.governance.guardrails.CustomRule;
import dev.heimdall.governance.guardrails.Detector;
import dev.heimdall.governance.guardrails.Match;
import dev.heimdall.governance.guardrails.MatchSink;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** An operator's regular expressions, compiled once; each match is reported under the rule's name. */
public final class CustomRuleDetector implements Detector {

    private final List<String> names;
    private final List<Pattern> patterns;

    public CustomRuleDetector(List<CustomRule> rules) {
        this.names = rules.stream().map(CustomRule::name).toList();
        this.patterns = rules.stream().map(rule -> Pattern.compile(rule.pattern())).toList();
    }

    @Override
    public void detect(CharSequence text, MatchSink sink) {
        for (int r = 0; r < patterns.size(); r++) {
            Matcher m = patterns.get(r).matcher(text);
            while (m.find()) {
                if (m.end() > m.start()) {
                    sink.match(Match.of(names.get(r), Category.CUSTOM, m.start(), m.end()));
                }
            }
        }
    }
}
