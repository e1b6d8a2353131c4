package dev.heimdall.node.config;

import java.util.List;

/**
 * Who may use the gateway and how their state is kept.
 *
 * @param authenticationRequired false only when the operator turned authentication off explicitly
 *                               ({@code authentication: { required: false }}): requests then need no virtual key
 * @param storage                the database governance state lives in
 * @param seeds                  customers, teams, access profiles and virtual keys declared in the file, in file order
 */
public record GovernanceConfig(boolean authenticationRequired, StorageConfig storage, List<SeedEntity> seeds) {

    public GovernanceConfig {
        storage = storage == null ? StorageConfig.defaults() : storage;
        seeds = seeds == null ? List.of() : List.copyOf(seeds);
    }

    public static GovernanceConfig defaults() {
        return new GovernanceConfig(true, StorageConfig.defaults(), List.of());
    }
}
