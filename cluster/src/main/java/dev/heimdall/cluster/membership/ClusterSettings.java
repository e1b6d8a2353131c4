package dev.heimdall.cluster.membership;

import java.util.Objects;

/**
 * Where and how a node joins its cluster.
 *
 * @param name the cluster's name: members with another name never join this cluster
 * @param host the address this member binds and announces; null to let Hazelcast pick it (the interface that
 *             matches the member list, or the pod's address)
 * @param port the port this member listens on; 0 for any free one (a cluster of one)
 * @param join how it finds the other members
 */
public record ClusterSettings(String name, String host, int port, Join join) {

    public static final String DEFAULT_NAME = "heimdall";
    public static final int DEFAULT_PORT = 5701;

    public ClusterSettings {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(join, "join");
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("expected a port from 0 to 65535, got " + port);
        }
    }

    /**
     * A cluster of one, as a node without a {@code cluster} section runs: loopback, any free port, and (when it
     * starts) a name made unique, so that no other process on the machine can ever join it.
     */
    public static ClusterSettings alone() {
        return new ClusterSettings("heimdall-alone", "127.0.0.1", 0, new Join.Alone());
    }

    public boolean isAlone() {
        return join instanceof Join.Alone;
    }
}
