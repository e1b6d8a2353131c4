package dev.heimdall.governance.guardrails;

/**
 * One rule's match in a text, as a detector reports it: positions only, never the text. {@code [start, end)} is
 * what a redaction replaces (a rule's secret group, say the value of {@code api_key = ...}); {@code [extentStart,
 * extentEnd)} is the whole stretch the rule needed to see (the name and the value), which a stream scanner must hold
 * back together.
 */
public record Match(String ruleId, Category category, int start, int end, int extentStart, int extentEnd) {

    public Match {
        if (extentStart > start || start > end || end > extentEnd) {
            throw new IllegalArgumentException("match span must lie within its extent");
        }
    }

    /** A match whose extent is its span. */
    public static Match of(String ruleId, Category category, int start, int end) {
        return new Match(ruleId, category, start, end, start, end);
    }
}
