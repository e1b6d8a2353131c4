package dev.heimdall.node.governance;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.heimdall.governance.store.EntityKind;
import dev.heimdall.governance.store.GovernanceChange;
import dev.heimdall.governance.store.GovernanceChangeListener;
import dev.heimdall.governance.store.GovernanceStore;
import dev.heimdall.governance.store.StoredEntity;
import dev.heimdall.node.config.RoutingDocumentException;
import dev.heimdall.node.config.RoutingDocuments;
import dev.heimdall.node.pipeline.Gateway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Puts the providers, aliases and routing rules made through the admin API in force: the config file's, with the
 * stored ones laid over them, rebuilt and swapped into the gateway after every change (and once at start-up, so a
 * restart keeps them). Blocking (reads the store): runs on the admin API's worker or at start-up.
 */
public final class RoutingRefresh implements GovernanceChangeListener {

    private static final Logger LOG = LoggerFactory.getLogger(RoutingRefresh.class);
    private static final Set<EntityKind> ROUTING_KINDS =
            EnumSet.of(EntityKind.PROVIDER, EntityKind.MODEL_ALIAS, EntityKind.ROUTING_RULE);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final GovernanceStore store;
    private final RoutingDocuments documents;
    private final Gateway gateway;

    public RoutingRefresh(GovernanceStore store, RoutingDocuments documents, Gateway gateway) {
        this.store = store;
        this.documents = documents;
        this.gateway = gateway;
    }

    @Override
    public void changed(GovernanceChange change) {
        if (ROUTING_KINDS.contains(change.kind())) {
            apply(true);
        }
    }

    /** At start-up: the gateway already routes by the file, so only stored entities need a rebuild. */
    public void apply() {
        apply(false);
    }

    /** Rebuilds the routing from the file and the store; a stored state that does not validate keeps the old one. */
    private synchronized void apply(boolean always) {
        List<JsonNode> providers = read(EntityKind.PROVIDER);
        List<JsonNode> models = read(EntityKind.MODEL_ALIAS);
        List<JsonNode> rules = read(EntityKind.ROUTING_RULE);
        if (!always && providers.isEmpty() && models.isEmpty() && rules.isEmpty()) {
            return;
        }
        try {
            gateway.reconfigure(documents.parse(providers, models, rules));
        } catch (RoutingDocumentException | IllegalArgumentException e) {
            LOG.warn("stored routing not put in force, keeping the current one: {}", e.getMessage());
        }
    }

    private List<JsonNode> read(EntityKind kind) {
        List<JsonNode> documents = new ArrayList<>();
        for (StoredEntity entity : store.list(kind)) {
            try {
                documents.add(JSON.readTree(entity.json()));
            } catch (JsonProcessingException e) {
                LOG.warn("{}/{} is not valid JSON; left out of the routing", kind.path(), entity.id());
            }
        }
        return documents;
    }
}
