package dev.heimdall.node.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code guardrails} section.
 *
 * @param defaultPolicy the policy of every request whose key names none, or null when requests without one are not
 *                      scanned
 * @param policies      named policies a virtual key or an access profile selects with its {@code guardrails} field,
 *                      in file order; they are also seeded into the governance store as guardrail-policies, beside
 *                      those created through the admin API
 */
public record GuardrailsConfig(GuardrailPolicyConfig defaultPolicy, Map<String, GuardrailPolicyConfig> policies) {

    public static final GuardrailsConfig NONE = new GuardrailsConfig(null, Map.of());

    public GuardrailsConfig {
        policies = Collections.unmodifiableMap(new LinkedHashMap<>(policies));
    }
}
