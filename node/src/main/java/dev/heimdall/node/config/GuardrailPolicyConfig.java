package dev.heimdall.node.config;

import dev.heimdall.governance.guardrails.GuardrailPolicy;

/**
 * One guardrail policy as configured.
 *
 * @param rules      what the rules do to text (families, per-rule overrides, deny list, custom rules, stream window)
 * @param output     whether responses are scanned too, not only requests
 * @param moderation an external moderation check on requests, or null
 */
public record GuardrailPolicyConfig(GuardrailPolicy rules, boolean output, ModerationConfig moderation) {
}
