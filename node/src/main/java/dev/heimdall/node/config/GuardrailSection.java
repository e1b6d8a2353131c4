package dev.heimdall.node.config;

import dev.heimdall.governance.guardrails.Action;
import dev.heimdall.governance.guardrails.CustomRule;
import dev.heimdall.governance.guardrails.GuardrailEngine;
import dev.heimdall.governance.guardrails.GuardrailPolicy;
import dev.heimdall.governance.guardrails.ModerationPolicy;
import dev.heimdall.governance.guardrails.secrets.SecretRuleSet;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The {@code guardrails} section: the default policy's fields at the top, named policies under {@code policies}.
 * A policy is read the same way here and from an admin API document ({@link GuardrailDocuments}), so the file and the
 * API accept exactly the same policies.
 */
final class GuardrailSection {

    /** The fields of one policy. */
    static final List<String> POLICY_KEYS = List.of("secrets", "pii", "rules", "deny-list", "custom", "output",
            "stream-window", "moderation");
    private static final List<String> SECTION_KEYS = concat(POLICY_KEYS, "policies");
    private static final List<String> DENY_LIST_KEYS = List.of("action", "terms");
    private static final List<String> CUSTOM_KEYS = List.of("name", "pattern", "action");
    private static final List<String> MODERATION_KEYS = List.of("url", "provider", "timeout", "on-flagged", "fail-open");
    private static final Pattern POLICY_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]*");
    private static final String ACTIONS = "block, redact, flag or off";
    private static final Duration DEFAULT_MODERATION_TIMEOUT = Duration.ofSeconds(2);

    private GuardrailSection() {
    }

    /**
     * @param providers the configured providers' names, which a moderation check may name
     */
    static GuardrailsConfig parse(ConfigNode node, Set<String> providers) {
        if (!node.isPresent()) {
            return GuardrailsConfig.NONE;
        }
        node.requireMapping(SECTION_KEYS);
        boolean hasDefault = POLICY_KEYS.stream().anyMatch(key -> node.child(key).isPresent());
        GuardrailPolicyConfig defaultPolicy = hasDefault ? policy(node, providers) : null;
        Map<String, GuardrailPolicyConfig> named = new LinkedHashMap<>();
        node.child("policies").entries("a mapping of policy names to guardrail policies").forEach((name, policy) -> {
            if (!POLICY_NAME.matcher(name).matches()) {
                throw policy.error("expected a policy name of letters, digits, '-', '_' or '.', got "
                        + ConfigNode.quote(name));
            }
            if (!policy.isPresent()) {
                throw policy.expected("a guardrail policy with keys " + String.join(", ", POLICY_KEYS));
            }
            policy.requireMapping(POLICY_KEYS);
            named.put(name, policy(policy, providers));
        });
        return new GuardrailsConfig(defaultPolicy, named);
    }

    /** A virtual key's or an access profile's {@code guardrails} field must name a policy of the file. */
    static void checkReference(ConfigNode node, GuardrailsConfig guardrails) {
        String name = node.string("a guardrail policy name", null);
        if (name != null && !guardrails.policies().containsKey(name)) {
            throw node.expected("the name of a policy under guardrails.policies");
        }
    }

    /**
     * Reads one policy whose keys the caller has checked.
     *
     * @param providers the providers a moderation check may name, or null when any name is accepted here (an admin
     *                  document: the node checks the name when it loads the policy)
     */
    static GuardrailPolicyConfig policy(ConfigNode node, Set<String> providers) {
        GuardrailPolicy.Builder builder = GuardrailPolicy.builder();
        Action secrets = action(node.child("secrets"), true);
        if (secrets != null) {
            builder.secrets(secrets);
        }
        Action pii = action(node.child("pii"), true);
        if (pii != null) {
            builder.pii(pii);
        }
        ConfigNode denyList = node.child("deny-list");
        if (denyList.isPresent()) {
            denyList.requireMapping(DENY_LIST_KEYS);
            ConfigNode actionNode = denyList.child("action");
            if (!actionNode.isPresent()) {
                throw actionNode.expected("block, redact or flag");
            }
            List<String> terms = denyList.child("terms").stringList("a word or phrase");
            if (terms.isEmpty()) {
                throw denyList.child("terms").expected("a non-empty list of words or phrases");
            }
            builder.denyList(action(actionNode, false), terms);
        }
        List<CustomRule> customRules = customRules(node.child("custom"));
        customRules.forEach(builder::custom);
        ruleOverrides(node.child("rules"), customRules, builder);
        ConfigNode window = node.child("stream-window");
        builder.streamWindow(window.integer(16, 1 << 20, GuardrailPolicy.DEFAULT_STREAM_WINDOW));
        GuardrailPolicy rules;
        try {
            rules = builder.build();
            new GuardrailEngine(rules, SecretRuleSet.builtIn());
        } catch (IllegalArgumentException e) {
            throw node.error(e.getMessage());
        }
        return new GuardrailPolicyConfig(rules, node.child("output").bool(false),
                moderation(node.child("moderation"), providers));
    }

    private static void ruleOverrides(ConfigNode node, List<CustomRule> customRules, GuardrailPolicy.Builder builder) {
        Map<String, ConfigNode> entries = node.entries("a mapping of rule ids to block, redact, flag or off");
        if (entries.isEmpty()) {
            return;
        }
        Set<String> known = GuardrailEngine.ruleIds(SecretRuleSet.builtIn(), customRules);
        entries.forEach((id, value) -> {
            if (!known.contains(id)) {
                throw value.error("no guardrail rule has the id " + ConfigNode.quote(id)
                        + " (see the README for the rule ids)");
            }
            Action action = action(value, true);
            if (action == null) {
                builder.disable(id);
            } else {
                builder.rule(id, action);
            }
        });
    }

    private static List<CustomRule> customRules(ConfigNode node) {
        List<CustomRule> rules = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (ConfigNode entry : node.elements("a list of custom rules, each with a name, a pattern and an action")) {
            if (!entry.isPresent()) {
                throw entry.expected("a custom rule with a name, a pattern and an action");
            }
            entry.requireMapping(CUSTOM_KEYS);
            ConfigNode nameNode = entry.child("name");
            String name = nameNode.requiredString("a rule name");
            if (!names.add(name)) {
                throw nameNode.error("expected a rule name unique among the custom rules, got "
                        + ConfigNode.quote(name) + " again");
            }
            ConfigNode actionNode = entry.child("action");
            if (!actionNode.isPresent()) {
                throw actionNode.expected("block, redact or flag");
            }
            try {
                rules.add(new CustomRule(name, entry.child("pattern").requiredString("a regular expression"),
                        action(actionNode, false)));
            } catch (IllegalArgumentException e) {
                throw entry.error(e.getMessage());
            }
        }
        return rules;
    }

    private static ModerationConfig moderation(ConfigNode node, Set<String> providers) {
        if (!node.isPresent()) {
            return null;
        }
        node.requireMapping(MODERATION_KEYS);
        ConfigNode urlNode = node.child("url");
        ConfigNode providerNode = node.child("provider");
        if (urlNode.isPresent() == providerNode.isPresent()) {
            throw node.expected("exactly one of url (an OpenAI-style moderation endpoint) or provider (a configured "
                    + "provider whose /v1/moderations is called with its key)");
        }
        URI url = urlNode.isPresent() ? url(urlNode) : null;
        String provider = null;
        if (providerNode.isPresent()) {
            provider = providerNode.requiredString("a provider name");
            if (providers != null && !providers.contains(provider)) {
                throw providerNode.expected("a configured provider");
            }
        }
        ConfigNode onFlagged = node.child("on-flagged");
        Action action = onFlagged.isPresent() ? action(onFlagged, false) : Action.BLOCK;
        if (action == Action.REDACT) {
            throw onFlagged.expected("block or flag (a moderation verdict names no text to redact)");
        }
        ModerationPolicy policy = new ModerationPolicy(action, node.child("timeout").duration(DEFAULT_MODERATION_TIMEOUT),
                node.child("fail-open").bool(false));
        return new ModerationConfig(url, provider, policy);
    }

    private static URI url(ConfigNode node) {
        String text = node.requiredString("an http or https URL");
        try {
            URI uri = new URI(text);
            if (!("http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme()))
                    || uri.getHost() == null) {
                throw node.expected("an http or https URL");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw node.expected("an http or https URL");
        }
    }

    /** An action, or null for {@code off} (when allowed; YAML reads an unquoted off as false). */
    private static Action action(ConfigNode node, boolean offAllowed) {
        String expected = offAllowed ? ACTIONS : "block, redact or flag";
        if (!node.isPresent()) {
            return null;
        }
        if (node.isFalse() && offAllowed) {
            return null;
        }
        String name = node.string(expected, null);
        if (offAllowed && "off".equalsIgnoreCase(name.strip())) {
            return null;
        }
        try {
            return Action.parse(name);
        } catch (IllegalArgumentException e) {
            throw node.expected(expected);
        }
    }

    static List<String> concat(List<String> keys, String more) {
        List<String> all = new ArrayList<>(keys);
        all.add(more);
        return List.copyOf(all);
    }
}
