package dev.heimdall.node.config;

import com.fasterxml.jackson.databind.JsonNode;
import dev.heimdall.governance.store.EntityKind;

/**
 * A governance entity declared in the config file, as the JSON document the admin API would accept for it, with the
 * path in the file that declared it (for error messages). Secrets in it are already substituted.
 */
public record SeedEntity(EntityKind kind, String id, JsonNode document, String source, String path) {

    /** The document may hold a virtual key's secret: never shown. */
    @Override
    public String toString() {
        return "SeedEntity[" + kind + " " + id + " at " + source + ": " + path + "]";
    }
}
