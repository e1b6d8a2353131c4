package dev.heimdall.governance.guardrails;

import java.time.Duration;
import java.util.List;
import java.util.TreeSet;

/**
 * What an external moderation check's answer means for a request.
 *
 * @param onFlagged {@link Action#BLOCK} or {@link Action#FLAG}; a classifier names no span, so there is nothing to
 *                  redact
 * @param timeout   how long the node waits for the check
 * @param failOpen  whether a check that fails or times out lets the text pass (true) or blocks it (false)
 */
public record ModerationPolicy(Action onFlagged, Duration timeout, boolean failOpen) {

    /** The rule id of moderation findings; a flagged category is appended: {@code moderation:violence}. */
    public static final String RULE = "moderation";
    /** The rule id when the check failed or timed out and the policy fails closed. */
    public static final String UNAVAILABLE_RULE = "moderation-unavailable";

    public ModerationPolicy {
        if (onFlagged == null || onFlagged == Action.REDACT) {
            throw new IllegalArgumentException("moderation can block or flag, not " + onFlagged);
        }
        if (timeout == null || timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("moderation needs a positive timeout, got " + timeout);
        }
    }

    /** One finding per flagged category (one for the whole text if the classifier named none), or none. */
    public List<Finding> judge(ModerationResult result) {
        if (!result.flagged()) {
            return List.of();
        }
        if (result.categories().isEmpty()) {
            return List.of(wholeText(RULE, onFlagged));
        }
        return new TreeSet<>(result.categories()).stream().map(c -> wholeText(RULE + ":" + c, onFlagged)).toList();
    }

    /** The check failed or did not answer in time: nothing when failing open, a blocking finding otherwise. */
    public List<Finding> unavailable() {
        return failOpen ? List.of() : List.of(wholeText(UNAVAILABLE_RULE, Action.BLOCK));
    }

    private static Finding wholeText(String rule, Action action) {
        return new Finding(rule, Category.MODERATION, action, -1, 0, 0);
    }
}
