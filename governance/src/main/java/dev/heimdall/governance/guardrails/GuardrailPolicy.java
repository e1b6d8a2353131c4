package dev.heimdall.governance.guardrails;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a virtual key's or an access profile's guardrails do: an action per rule family, refined per rule id.
 * Immutable and checked on construction; the engine built from it also checks that every rule id it names exists.
 *
 * @param categories    the action for each family that is scanned ({@link Category#SECRETS}, {@link Category#PII},
 *                      {@link Category#DENY_LIST}); a family without one is not scanned
 * @param rules         actions for single rules by id (a gitleaks rule id, a PII rule such as {@code email}, a custom
 *                      rule's name or {@code deny-list}), overriding their family's action (an override refines a
 *                      family that is scanned; it does not switch one on)
 * @param disabledRules rule ids that never report, for a rule too noisy for this key
 * @param denyList      words and phrases matched case-insensitively on word boundaries (family DENY_LIST)
 * @param customRules   operator rules, each with its own action (family CUSTOM)
 * @param streamWindow  how many characters a stream scanner holds back before it emits them: the longest match a
 *                      rule can need, so that a secret split across chunks is still seen whole
 */
public record GuardrailPolicy(Map<Category, Action> categories, Map<String, Action> rules, Set<String> disabledRules,
                              List<String> denyList, List<CustomRule> customRules, int streamWindow) {

    public static final int DEFAULT_STREAM_WINDOW = 256;
    /** The rule id of a deny-list hit. */
    public static final String DENY_LIST_RULE = "deny-list";

    public GuardrailPolicy {
        categories = Map.copyOf(categories);
        rules = Map.copyOf(rules);
        disabledRules = Set.copyOf(disabledRules);
        denyList = List.copyOf(denyList);
        customRules = List.copyOf(customRules);
        if (categories.containsKey(Category.CUSTOM) || categories.containsKey(Category.MODERATION)) {
            throw new IllegalArgumentException("custom guardrail rules and moderation carry their own actions; "
                    + "there is no family action for them");
        }
        if (categories.containsKey(Category.DENY_LIST) == denyList.isEmpty()) {
            throw new IllegalArgumentException(denyList.isEmpty()
                    ? "the deny-list action is set but the deny list has no words"
                    : "the deny list needs an action");
        }
        for (String term : denyList) {
            if (term.isBlank()) {
                throw new IllegalArgumentException("the deny list has a blank entry");
            }
        }
        for (String id : rules.keySet()) {
            if (id.isBlank()) {
                throw new IllegalArgumentException("a guardrail rule override needs a rule id");
            }
            if (disabledRules.contains(id)) {
                throw new IllegalArgumentException("guardrail rule " + id + " is both disabled and given an action");
            }
        }
        Set<String> names = new HashSet<>();
        for (CustomRule rule : customRules) {
            if (!names.add(rule.name())) {
                throw new IllegalArgumentException("two custom guardrail rules are named " + rule.name());
            }
        }
        if (streamWindow < 16 || streamWindow > 1 << 20) {
            throw new IllegalArgumentException("the guardrail stream window must be between 16 and 1048576 characters,"
                    + " got " + streamWindow);
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The action for a rule's match, or null when the rule is disabled or its family is not scanned. */
    public Action actionFor(String ruleId, Category category) {
        if (disabledRules.contains(ruleId)) {
            return null;
        }
        Action own = rules.get(ruleId);
        if (own != null) {
            return own;
        }
        if (category == Category.CUSTOM) {
            for (CustomRule rule : customRules) {
                if (rule.name().equals(ruleId)) {
                    return rule.action();
                }
            }
            return null;
        }
        return categories.get(category);
    }

    public boolean scans(Category category) {
        return categories.containsKey(category);
    }

    /** Collects a policy's parts; {@link #build()} validates them. */
    public static final class Builder {
        private final Map<Category, Action> categories = new EnumMap<>(Category.class);
        private final Map<String, Action> rules = new LinkedHashMap<>();
        private final Set<String> disabled = new LinkedHashSet<>();
        private final List<String> denyList = new ArrayList<>();
        private final List<CustomRule> customRules = new ArrayList<>();
        private int streamWindow = DEFAULT_STREAM_WINDOW;

        private Builder() {
        }

        public Builder secrets(Action action) {
            return category(Category.SECRETS, action);
        }

        public Builder pii(Action action) {
            return category(Category.PII, action);
        }

        public Builder category(Category category, Action action) {
            categories.put(category, action);
            return this;
        }

        public Builder rule(String ruleId, Action action) {
            rules.put(ruleId, action);
            return this;
        }

        public Builder disable(String ruleId) {
            disabled.add(ruleId);
            return this;
        }

        public Builder denyList(Action action, List<String> terms) {
            categories.put(Category.DENY_LIST, action);
            denyList.addAll(terms);
            return this;
        }

        public Builder custom(CustomRule rule) {
            customRules.add(rule);
            return this;
        }

        public Builder streamWindow(int characters) {
            streamWindow = characters;
            return this;
        }

        public GuardrailPolicy build() {
            return new GuardrailPolicy(categories, rules, disabled, denyList, customRules, streamWindow);
        }
    }
}
