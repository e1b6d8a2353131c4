package dev.heimdall.node.guardrails;

import dev.heimdall.governance.guardrails.GuardrailEngine;
import dev.heimdall.governance.guardrails.ModerationCheck;
import dev.heimdall.governance.guardrails.ModerationPolicy;

/**
 * A guardrail policy ready to apply: its engine, built once and shared by every request.
 *
 * @param name             the policy's name, or null for the default policy
 * @param scansOutput      whether responses are scanned too
 * @param moderationPolicy what an external moderation check's answer means, or null when there is no check
 * @param moderation       the check, or null
 */
public record ActivePolicy(String name, GuardrailEngine engine, boolean scansOutput, ModerationPolicy moderationPolicy,
                           ModerationCheck moderation) implements PolicySelection {

    public ActivePolicy {
        if ((moderationPolicy == null) != (moderation == null)) {
            throw new IllegalArgumentException("a moderation check needs its policy and a policy its check");
        }
    }
}
