package dev.heimdall.node.config;

import dev.heimdall.cluster.membership.ClusterSettings;
import dev.heimdall.cluster.membership.Join;

import java.util.List;
import java.util.Map;

/**
 * The {@code cluster} section: the cluster's name, this member's address and port, and how it finds the others,
 * exactly one of {@code join.members}, {@code join.multicast} or {@code join.kubernetes}. Without the section a node
 * is a cluster of one.
 */
final class ClusterSection {

    private static final List<String> KEYS = List.of("name", "host", "port", "join");
    private static final List<String> JOIN_KEYS = List.of("members", "multicast", "kubernetes");
    private static final List<String> MULTICAST_KEYS = List.of("group", "port");
    private static final List<String> KUBERNETES_KEYS = List.of("service-dns", "service-port");
    private static final String JOINS = "exactly one of members (a list of host:port), multicast or kubernetes";

    private ClusterSection() {
    }

    static ClusterSettings parse(ConfigNode node) {
        if (!node.isPresent()) {
            return ClusterSettings.alone();
        }
        node.requireMapping(KEYS);
        String name = node.child("name").string("a cluster name", ClusterSettings.DEFAULT_NAME);
        if (name.isBlank()) {
            throw node.child("name").expected("a cluster name");
        }
        ConfigNode hostNode = node.child("host");
        String host = hostNode.isPresent() ? hostNode.requiredString("this member's IP address or host name") : null;
        int port = node.child("port").integer(1, 65_535, ClusterSettings.DEFAULT_PORT);
        return new ClusterSettings(name, host, port, join(node.child("join"), port));
    }

    private static Join join(ConfigNode node, int port) {
        if (!node.isPresent()) {
            throw node.expected(JOINS);
        }
        node.requireMapping(JOIN_KEYS);
        Map<String, ConfigNode> ways = node.entries("a mapping with " + JOINS);
        if (ways.size() != 1) {
            throw node.expected(JOINS);
        }
        ConfigNode members = node.child("members");
        if (members.isPresent()) {
            List<ConfigNode> entries = members.elements("a list of host:port");
            if (entries.isEmpty()) {
                throw members.expected("a list of host:port, this member's included");
            }
            List<String> addresses = members.stringList("members (host:port)");
            for (int i = 0; i < addresses.size(); i++) {
                if (!Join.Members.isHostPort(addresses.get(i))) {
                    throw entries.get(i).expected("host:port, such as 10.0.0.11:5701 (a member without a port never"
                            + " joins)");
                }
            }
            return new Join.Members(addresses);
        }
        ConfigNode multicast = node.child("multicast");
        if (multicast.isPresent()) {
            multicast.requireMapping(MULTICAST_KEYS);
            return new Join.Multicast(multicast.child("group").string("a multicast group address",
                    Join.Multicast.DEFAULT_GROUP), multicast.child("port").integer(1, 65_535, Join.Multicast.DEFAULT_PORT));
        }
        ConfigNode kubernetes = node.child("kubernetes");
        kubernetes.requireMapping(KUBERNETES_KEYS);
        return new Join.KubernetesDns(kubernetes.child("service-dns").requiredString(
                "the DNS name of a headless service, such as heimdall-hazelcast.NAMESPACE.svc.cluster.local"),
                kubernetes.child("service-port").integer(1, 65_535, port));
    }
}
