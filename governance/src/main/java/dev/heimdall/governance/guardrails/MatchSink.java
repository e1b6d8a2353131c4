package dev.heimdall.governance.guardrails;

/** Where a detector reports what it found in one text. */
public interface MatchSink {

    void match(Match match);

    /**
     * A rule's pattern matched {@code [start, end)} but a check turned it down (an entropy threshold, a checksum, an
     * allowlist). Text that has not arrived yet could change the answer, so a stream scanner holds such a stretch
     * back when it reaches the end of what it has seen.
     */
    void rejected(int start, int end);
}
