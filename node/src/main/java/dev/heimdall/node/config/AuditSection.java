package dev.heimdall.node.config;

import dev.heimdall.governance.audit.BodyPolicy;

import java.util.List;

/**
 * The {@code audit} section: {@code enabled}, {@code bodies} ({@code none}, {@code redacted} or {@code full}; {@code true}
 * reads as {@code redacted}, {@code false} as {@code none}), {@code max-body-size}, {@code retention-days},
 * {@code queue-size}, {@code queue-memory}, {@code spill-directory} and {@code node-id}.
 */
final class AuditSection {

    private static final List<String> KEYS = List.of("enabled", "bodies", "max-body-size", "retention-days",
            "queue-size", "queue-memory", "spill-directory", "node-id");
    private static final String BODIES = "none, redacted or full";

    private AuditSection() {
    }

    static AuditConfig parse(ConfigNode node) {
        AuditConfig defaults = AuditConfig.defaults();
        if (!node.isPresent()) {
            return defaults;
        }
        node.requireMapping(KEYS);
        return new AuditConfig(node.child("enabled").bool(true), bodies(node.child("bodies")),
                (int) node.child("max-body-size").size(256, 16L << 20, defaults.maxBodyBytes()),
                node.child("retention-days").integer(0, 36_500, defaults.retentionDays()),
                node.child("queue-size").integer(100, 10_000_000, defaults.queueRecords()),
                node.child("queue-memory").size(1L << 20, 16L << 30, defaults.queueBytes()),
                node.child("spill-directory").string("a directory", null),
                node.child("node-id").string("a name for this node", null));
    }

    private static BodyPolicy bodies(ConfigNode node) {
        if (!node.isPresent()) {
            return BodyPolicy.NONE;
        }
        if (node.resolved().isBoolean()) {
            return node.bool(false) ? BodyPolicy.REDACTED : BodyPolicy.NONE;
        }
        try {
            return BodyPolicy.parse(node.string(BODIES, "none"));
        } catch (IllegalArgumentException e) {
            throw node.expected(BODIES);
        }
    }
}
