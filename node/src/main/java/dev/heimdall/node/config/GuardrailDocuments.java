package dev.heimdall.node.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.heimdall.governance.store.json.DocumentException;

import java.util.List;
import java.util.Map;

/**
 * Guardrail policies kept as JSON documents (the governance store's guardrail-policies, written through the admin
 * API or seeded from the file's {@code guardrails.policies}), read by the configuration file's own parser: a document
 * holds the fields of one policy in the file plus {@code id}. Documents are literal: a {@code $} in them is a dollar
 * sign, never an environment reference.
 */
public final class GuardrailDocuments {

    private static final String SOURCE = "guardrail policy";
    private static final List<String> DOCUMENT_KEYS = GuardrailSection.concat(GuardrailSection.POLICY_KEYS, "id");

    private GuardrailDocuments() {
    }

    /**
     * Validates a document into a policy. A moderation check's provider is not checked here: the node checks it
     * against its providers when it loads the policy.
     *
     * @throws DocumentException naming the field that is wrong
     */
    public static GuardrailPolicyConfig read(JsonNode document) {
        if (!(document instanceof ObjectNode)) {
            throw new DocumentException("", "expected a JSON object");
        }
        ConfigNode root = ConfigNode.root(RoutingDocuments.literal(document), SOURCE, new Substitution(Map.of()));
        try {
            root.requireMapping(DOCUMENT_KEYS);
            return GuardrailSection.policy(root, null);
        } catch (ConfigException e) {
            throw new DocumentException(e.path(), e.problem());
        }
    }
}
