package dev.heimdall.node.config;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;

/**
 * Who may use the gateway and how their state is kept.
 *
 * @param authenticationRequired false only when the operator turned authentication off explicitly
 *                               ({@code authentication: { required: false }}): requests then need no virtual key
 * @param storage                the database governance state lives in
 * @param seeds                  customers, teams, access profiles and virtual keys declared in the file, in file order
 * @param routingSections        the file's providers, models and routing-rules sections, substituted: what the
 *                               providers, aliases and rules made through the admin API are laid over
 */
public record GovernanceConfig(boolean authenticationRequired, StorageConfig storage, List<SeedEntity> seeds,
                               ObjectNode routingSections) {

    public GovernanceConfig {
        storage = storage == null ? StorageConfig.defaults() : storage;
        seeds = seeds == null ? List.of() : List.copyOf(seeds);
        routingSections = routingSections == null ? JsonNodeFactory.instance.objectNode() : routingSections.deepCopy();
    }

    public static GovernanceConfig defaults() {
        return new GovernanceConfig(true, StorageConfig.defaults(), List.of(), null);
    }

    /** Seeds and routing sections hold secrets (virtual keys, provider keys): only their size is shown. */
    @Override
    public String toString() {
        return "GovernanceConfig[authenticationRequired=" + authenticationRequired + ", storage=" + storage
                + ", seeds=" + seeds.size() + " entities, routingSections=" + routingSections.size() + " sections]";
    }

    @Override
    public ObjectNode routingSections() {
        return routingSections.deepCopy();
    }
}
