package dev.heimdall.node.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.heimdall.governance.store.EntityKind;

import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Providers, model aliases and routing rules kept as JSON documents (in the governance store, edited through the
 * admin API), read by the configuration file's own parser so that the file and the API accept exactly the same
 * entities. A document holds the fields of its YAML section plus {@code id} (the provider or alias name, the rule's
 * name) and, for a rule, {@code order} (rules apply in ascending order, then by id).
 *
 * <p>Documents are literal: a {@code $} in them is a dollar sign, never an environment reference, so that nobody
 * with write access to the API can read the node's environment through a field that is shown back.
 */
public final class RoutingDocuments {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final String SOURCE = "routing documents";
    private static final Comparator<JsonNode> RULE_ORDER = Comparator
            .<JsonNode>comparingLong(rule -> rule.path("order").asLong(0))
            .thenComparing(rule -> rule.path("id").asText());

    private final ConfigLoader loader;
    private final ObjectNode base;

    /** @param loader a loader for this build's provider types (its environment is never used) */
    public RoutingDocuments(ConfigLoader loader) {
        this(loader, JSON.objectNode());
    }

    /**
     * @param base the config file's routing sections (substituted): stored providers and aliases are added to it or
     *             replace the file's of the same name, stored rules apply after the file's
     */
    public RoutingDocuments(ConfigLoader loader, ObjectNode base) {
        this.loader = loader;
        this.base = (ObjectNode) literal(base);
    }

    /**
     * Validates the documents together (references between them included) into configuration records.
     *
     * @throws RoutingDocumentException naming the entity and field that is wrong
     */
    public HeimdallConfig parse(List<JsonNode> providers, List<JsonNode> models, List<JsonNode> rules) {
        ObjectNode root = base.deepCopy();
        ObjectNode providerSection = root.with("providers");
        providers.forEach(doc -> providerSection.set(doc.path("id").asText(), literal(withoutFields(doc, "id"))));
        ObjectNode modelSection = root.with("models");
        models.forEach(doc -> modelSection.set(doc.path("id").asText(), literal(withoutFields(doc, "id"))));
        for (JsonNode rule : rules) {
            JsonNode order = rule.path("order");
            if (!order.isMissingNode() && !(order.isIntegralNumber() && order.canConvertToInt())) {
                throw new RoutingDocumentException(EntityKind.ROUTING_RULE, rule.path("id").asText(), "order",
                        "expected an integer (rules apply in ascending order)");
            }
        }
        List<JsonNode> ordered = rules.stream().sorted(RULE_ORDER).toList();
        ArrayNode ruleSection = root.withArray("routing-rules");
        int fileRules = ruleSection.size();
        for (JsonNode rule : ordered) {
            ObjectNode entry = JSON.objectNode().set("name", rule.path("id"));
            entry.setAll(withoutFields(rule, "id", "order"));
            ruleSection.add(literal(entry));
        }
        try {
            return loader.parse(root, SOURCE);
        } catch (ConfigException e) {
            throw locate(e, providers, models, ordered, fileRules);
        }
    }

    private static RoutingDocumentException locate(ConfigException e, List<JsonNode> providers, List<JsonNode> models,
                                                   List<JsonNode> rules, int fileRules) {
        String path = e.path();
        RoutingDocumentException inProviders = inSection(e, "providers.", EntityKind.PROVIDER, providers);
        if (inProviders != null) {
            return inProviders;
        }
        RoutingDocumentException inModels = inSection(e, "models.", EntityKind.MODEL_ALIAS, models);
        if (inModels != null) {
            return inModels;
        }
        if (path.startsWith("routing-rules[")) {
            int close = path.indexOf(']');
            int index = Integer.parseInt(path.substring("routing-rules[".length(), close)) - fileRules;
            if (index < 0) {
                return new RoutingDocumentException(null, null, path, e.problem());
            }
            String field = path.length() > close + 2 ? path.substring(close + 2) : "";
            return new RoutingDocumentException(EntityKind.ROUTING_RULE, rules.get(index).path("id").asText(),
                    field.equals("name") ? "id" : field, e.problem());
        }
        return new RoutingDocumentException(null, null, path, e.problem());
    }

    private static RoutingDocumentException inSection(ConfigException e, String prefix, EntityKind kind,
                                                      List<JsonNode> docs) {
        if (!e.path().startsWith(prefix)) {
            return null;
        }
        String rest = e.path().substring(prefix.length());
        String best = null;
        for (JsonNode doc : docs) {
            String id = doc.path("id").asText();
            boolean matches = rest.equals(id) || rest.startsWith(id + ".") || rest.startsWith(id + "[");
            if (matches && (best == null || id.length() > best.length())) {
                best = id;
            }
        }
        if (best == null) {
            return null;
        }
        String field = rest.substring(best.length());
        return new RoutingDocumentException(kind, best, field.startsWith(".") ? field.substring(1) : field, e.problem());
    }

    private static ObjectNode withoutFields(JsonNode doc, String... fields) {
        ObjectNode copy = doc.isObject() ? ((ObjectNode) doc).deepCopy() : JSON.objectNode();
        copy.remove(List.of(fields));
        return copy;
    }

    /** A copy with every {@code $} in a string doubled, which the config parser reads back as one literal {@code $}. */
    static JsonNode literal(JsonNode node) {
        if (node.isTextual()) {
            return node.textValue().indexOf('$') < 0 ? node : TextNode.valueOf(node.textValue().replace("$", "$$"));
        }
        if (node.isArray()) {
            ArrayNode copy = JSON.arrayNode();
            node.forEach(element -> copy.add(literal(element)));
            return copy;
        }
        if (node.isObject()) {
            ObjectNode copy = JSON.objectNode();
            for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext(); ) {
                Map.Entry<String, JsonNode> field = fields.next();
                copy.set(field.getKey(), literal(field.getValue()));
            }
            return copy;
        }
        return node;
    }
}
