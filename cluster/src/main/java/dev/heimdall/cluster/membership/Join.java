package dev.heimdall.cluster.membership;

import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/** How a member finds the others. */
public sealed interface Join {

    /** No discovery at all: the node is a cluster of one, bound to loopback. */
    record Alone() implements Join {
    }

    /**
     * A fixed list of members, for servers with known addresses.
     *
     * @param addresses {@code host:port} (or {@code [v6-address]:port}) of every member, this one included
     */
    record Members(List<String> addresses) implements Join {

        private static final Pattern HOST_PORT = Pattern.compile("(\\[[0-9A-Fa-f:.]+]|[^:\\[\\]\\s]+):(\\d{1,5})");

        public Members {
            addresses = List.copyOf(addresses);
            if (addresses.isEmpty()) {
                throw new IllegalArgumentException("expected at least one member");
            }
            for (String address : addresses) {
                if (!isHostPort(address)) {
                    throw new IllegalArgumentException("expected host:port, got " + address);
                }
            }
        }

        /** Whether {@code text} is {@code host:port} with a port from 1 to 65535. */
        public static boolean isHostPort(String text) {
            var match = HOST_PORT.matcher(text);
            if (!match.matches()) {
                return false;
            }
            int port = Integer.parseInt(match.group(2));
            return port >= 1 && port <= 65_535;
        }
    }

    /** UDP multicast on the local network, for a lab. */
    record Multicast(String group, int port) implements Join {

        public static final String DEFAULT_GROUP = "224.2.2.3";
        public static final int DEFAULT_PORT = 54_327;

        public Multicast {
            Objects.requireNonNull(group, "group");
        }
    }

    /**
     * The members are the addresses a DNS name resolves to, looked up again whenever a member searches for others:
     * a Kubernetes headless service, which lists every pod (ready or not) without any access to the Kubernetes API.
     *
     * @param serviceDns  the service's name, such as {@code heimdall-hazelcast.prod.svc.cluster.local}
     * @param servicePort the port every member listens on
     */
    record KubernetesDns(String serviceDns, int servicePort) implements Join {

        public KubernetesDns {
            Objects.requireNonNull(serviceDns, "serviceDns");
        }
    }
}
