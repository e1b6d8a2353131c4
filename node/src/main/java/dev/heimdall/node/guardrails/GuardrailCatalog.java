package dev.heimdall.node.guardrails;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.heimdall.governance.guardrails.GuardrailEngine;
import dev.heimdall.governance.guardrails.ModerationCheck;
import dev.heimdall.governance.guardrails.secrets.SecretRuleSet;
import dev.heimdall.governance.keys.KeyContext;
import dev.heimdall.governance.store.EntityKind;
import dev.heimdall.governance.store.GovernanceStore;
import dev.heimdall.governance.store.StoredEntity;
import dev.heimdall.governance.store.json.DocumentException;
import dev.heimdall.node.config.GuardrailDocuments;
import dev.heimdall.node.config.GuardrailPolicyConfig;
import dev.heimdall.node.config.ModerationConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

/**
 * The guardrail policies of a node: the default one from the configuration file, and the named ones from the
 * governance store (the file's {@code guardrails.policies}, seeded there, and those written through the admin API).
 * The named policies are rebuilt after every change and swapped in whole; a request sees the set it started with.
 */
public final class GuardrailCatalog {

    private static final Logger LOG = LoggerFactory.getLogger(GuardrailCatalog.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final PolicySelection fallback;
    private final Function<ModerationConfig, ModerationCheck> moderation;
    private final AtomicReference<Map<String, ActivePolicy>> named = new AtomicReference<>(Map.of());

    /**
     * @param defaultPolicy the policy of keys that name none, or null for none
     * @param moderation    makes the check a moderation configuration describes
     * @throws IllegalArgumentException when the default policy's moderation check cannot be made
     */
    public GuardrailCatalog(GuardrailPolicyConfig defaultPolicy, Function<ModerationConfig, ModerationCheck> moderation) {
        this.moderation = moderation;
        this.fallback = defaultPolicy == null ? PolicySelection.Unguarded.INSTANCE : activate(null, defaultPolicy);
    }

    /** The policy that governs a request of {@code key} (null when it is anonymous). Never blocks. */
    public PolicySelection select(KeyContext key) {
        String name = key == null ? null : key.policy().guardrails();
        if (name == null) {
            return fallback;
        }
        ActivePolicy policy = named.get().get(name);
        return policy != null ? policy : new PolicySelection.Missing(name);
    }

    /**
     * Rebuilds the named policies from the store. A document that does not read (written by another version, or its
     * moderation provider is gone) is left out and logged: keys that name it fail closed until it is fixed. Blocking.
     */
    public void reload(GovernanceStore store) {
        Map<String, ActivePolicy> policies = new HashMap<>();
        for (StoredEntity entity : store.list(EntityKind.GUARDRAIL_POLICY)) {
            try {
                policies.put(entity.id(), activate(entity.id(), GuardrailDocuments.read(JSON.readTree(entity.json()))));
            } catch (DocumentException | IllegalArgumentException e) {
                LOG.warn("guardrail policy {} is not usable and is left out: {}", entity.id(), e.getMessage());
            } catch (JsonProcessingException e) {
                LOG.warn("guardrail policy {} is not stored as JSON and is left out", entity.id());
            }
        }
        named.set(Map.copyOf(policies));
    }

    private ActivePolicy activate(String name, GuardrailPolicyConfig config) {
        GuardrailEngine engine = new GuardrailEngine(config.rules(), SecretRuleSet.builtIn());
        ModerationConfig check = config.moderation();
        return new ActivePolicy(name, engine, config.output(), check == null ? null : check.policy(),
                check == null ? null : moderation.apply(check));
    }
}
