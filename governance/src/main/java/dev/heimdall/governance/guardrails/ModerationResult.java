package dev.heimdall.governance.guardrails;

import java.util.Set;

/**
 * A classifier's answer: whether the text is flagged, and for which categories ({@code violence},
 * {@code self-harm} ... as the classifier names them).
 */
public record ModerationResult(boolean flagged, Set<String> categories) {

    public static final ModerationResult PASSED = new ModerationResult(false, Set.of());

    public ModerationResult {
        categories = Set.copyOf(categories);
    }
}
