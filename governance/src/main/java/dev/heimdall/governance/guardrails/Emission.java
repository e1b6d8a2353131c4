package dev.heimdall.governance.guardrails;

import java.util.List;

/**
 * What a stream scanner releases after a chunk: text that is safe to forward (possibly empty, while the scanner
 * holds its window back), the findings in it, and whether one of them blocks (the caller should end the stream).
 */
public record Emission(String text, List<Finding> findings, boolean blocked) {

    static final Emission NOTHING = new Emission("", List.of(), false);

    public Emission {
        findings = List.copyOf(findings);
    }

    /** Leaves the text out: a flagged match is still in it. */
    @Override
    public String toString() {
        return "Emission[chars=" + text.length() + ", findings=" + findings + ", blocked=" + blocked + "]";
    }
}
