package dev.heimdall.cluster.membership;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;

/** Members of one test cluster on loopback: free ports, a name of its own so no other test's members join it. */
public final class LoopbackCluster implements AutoCloseable {

    private final String name = "test-" + UUID.randomUUID();
    private final List<Integer> ports;
    private final List<ClusterMember> members = new ArrayList<>();

    public LoopbackCluster(int size) {
        this.ports = IntStream.range(0, size).map(i -> freePort()).boxed().toList();
    }

    /** Starts the members one after the other (each joins those before it) and returns them. */
    public List<ClusterMember> start() {
        for (int port : ports) {
            members.add(ClusterMember.join(settings(port), "test"));
        }
        return List.copyOf(members);
    }

    public ClusterSettings settings(int port) {
        return new ClusterSettings(name, "127.0.0.1", port,
                new Join.Members(ports.stream().map(p -> "127.0.0.1:" + p).toList()));
    }

    public List<Integer> ports() {
        return ports;
    }

    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Stops every member at once, as a test needs no hand-over. */
    @Override
    public void close() {
        members.forEach(member -> {
            member.scheduler().shutdownNow();
            member.hazelcast().getLifecycleService().terminate();
        });
    }
}
