package dev.heimdall.governance.guardrails;

/** One family of guardrail rules applied to a text. Implementations are immutable and thread-safe. */
public interface Detector {

    void detect(CharSequence text, MatchSink sink);

    /**
     * Where a match that needs more text than the stream scanner's window may have started and not yet ended (the
     * first line of a private key whose last line has not arrived), or -1. A stream scanner holds back from there.
     */
    default int openFrom(CharSequence text) {
        return -1;
    }
}
