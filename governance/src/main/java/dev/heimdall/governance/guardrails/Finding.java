package dev.heimdall.governance.guardrails;

/**
 * What a guardrail found and what it did about it. Carries the rule and where the match is, never the matched text,
 * so a finding can go into logs, metrics, error messages and audit records as it is.
 *
 * @param segment the index of the text segment (0 for a single text or a stream; -1 for a finding about the whole
 *                request, such as a moderation verdict, whose start and length are then 0)
 * @param start   the match's offset in the segment as it was received (for a stream: in the whole stream)
 * @param length  the match's length in characters
 */
public record Finding(String ruleId, Category category, Action action, int segment, int start, int length) {
}
