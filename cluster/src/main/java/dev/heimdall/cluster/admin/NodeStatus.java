package dev.heimdall.cluster.admin;

import java.util.List;
import java.util.Objects;

/**
 * What a member says about itself every second, for the cluster view: where it serves, whether it is draining, its
 * load, and its view of the upstream targets.
 *
 * @param http              where its gateway listens, {@code host:port}
 * @param requestsPerSecond requests it answered per second, over the last second
 * @param inFlight          requests it is serving right now (streams included)
 * @param leasesHeld        quota and budget leases it holds
 * @param health            its view of every target it or a peer has used
 */
public record NodeStatus(String http, State state, double requestsPerSecond, long inFlight, long leasesHeld,
                         List<TargetStatus> health) {

    /** Whether the member takes new traffic. */
    public enum State { SERVING, DRAINING }

    /**
     * One target as a member sees it.
     *
     * @param factor        the health factor routing multiplies the key's weight by (0 while the circuit is open)
     * @param circuit       {@code closed}, {@code half_open} or {@code open}
     * @param coolingMillis how long the key still cools down after a 429; 0 when it does not
     * @param dead          whether the provider rejected the key's credential
     */
    public record TargetStatus(String provider, String key, String model, double factor, String circuit,
                               long coolingMillis, boolean dead) {
    }

    public NodeStatus {
        Objects.requireNonNull(state, "state");
        health = health == null ? List.of() : List.copyOf(health);
    }
}
