package dev.heimdall.governance.guardrails;

import java.util.ArrayList;
import java.util.List;

/**
 * The outcome of scanning a request's or a response's text segments.
 *
 * @param findings every match the policy acts on, in order of segment and position
 * @param segments the segments to send on: a segment with no redacted or blocked match is the very string given,
 *                 otherwise a copy with each such match replaced by {@code [REDACTED:<rule id>]} (a blocked
 *                 request's text is masked too, so it can be recorded without the secret)
 * @param blocked  whether a finding's action is {@link Action#BLOCK}
 */
public record Verdict(List<Finding> findings, List<String> segments, boolean blocked) {

    public Verdict {
        findings = List.copyOf(findings);
        segments = List.copyOf(segments);
    }

    /** Nothing found. */
    public boolean clean() {
        return findings.isEmpty();
    }

    /** Whether some segment was changed: a finding whose action is to redact or to block. */
    public boolean redacted() {
        for (Finding finding : findings) {
            if (finding.action() != Action.FLAG) {
                return true;
            }
        }
        return false;
    }

    /** The rules that block, each once, for an error message that names them. */
    public List<String> blockingRules() {
        return findings.stream().filter(f -> f.action() == Action.BLOCK).map(Finding::ruleId).distinct().toList();
    }

    /** This verdict with more findings about the same text (a moderation verdict that arrived later, say). */
    public Verdict plus(List<Finding> more) {
        if (more.isEmpty()) {
            return this;
        }
        List<Finding> all = new ArrayList<>(findings);
        all.addAll(more);
        return new Verdict(all, segments, blocked || more.stream().anyMatch(f -> f.action() == Action.BLOCK));
    }

    /** The only segment, for a verdict on a single text. */
    public String text() {
        if (segments.size() != 1) {
            throw new IllegalStateException("verdict has " + segments.size() + " segments");
        }
        return segments.get(0);
    }

    /** Leaves the text out: a flagged match is still in it. */
    @Override
    public String toString() {
        return "Verdict[findings=" + findings + ", blocked=" + blocked + ", redacted=" + redacted() + "]";
    }
}
