package dev.heimdall.cluster.lease;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.NetworkConfig;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import dev.heimdall.cluster.state.ClusterGovernanceState;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Hazelcast members in this JVM that form one cluster on loopback: a cluster name of their own (so parallel test
 * runs never meet), a random port range, every member joining the first by TCP/IP.
 */
public final class TestCluster implements AutoCloseable {

    private final String name = "heimdall-test-" + UUID.randomUUID();
    private final int basePort = 20_000 + ThreadLocalRandom.current().nextInt(400) * 100;
    private final List<HazelcastInstance> members = new ArrayList<>();

    public static TestCluster of(int size) {
        TestCluster cluster = new TestCluster();
        for (int i = 0; i < size; i++) {
            cluster.start();
        }
        return cluster;
    }

    /** Starts one more member and waits until it has joined. */
    public HazelcastInstance start() {
        Config config = ClusterGovernanceState.configure(new Config());
        config.setClusterName(name);
        config.setProperty("hazelcast.phone.home.enabled", "false");
        config.setProperty("hazelcast.wait.seconds.before.join", "0");
        config.setProperty("hazelcast.max.wait.seconds.before.join", "0");
        config.setProperty("hazelcast.logging.type", "slf4j");
        NetworkConfig network = config.getNetworkConfig();
        network.setPort(basePort).setPortAutoIncrement(true).setPortCount(50);
        network.getInterfaces().setEnabled(true).addInterface("127.0.0.1");
        JoinConfig join = network.getJoin();
        join.getAutoDetectionConfig().setEnabled(false);
        join.getMulticastConfig().setEnabled(false);
        join.getTcpIpConfig().setEnabled(true).setConnectionTimeoutSeconds(1);
        for (int i = 0; i < Math.max(1, members.size()); i++) {
            join.getTcpIpConfig().addMember("127.0.0.1:" + (basePort + i));
        }
        HazelcastInstance member = Hazelcast.newHazelcastInstance(config);
        members.add(member);
        return member;
    }

    public HazelcastInstance member(int index) {
        return members.get(index);
    }

    public int size() {
        return members.size();
    }

    /** Ends a member abruptly, as a kill would (no graceful leave, no migration handshake). */
    public void kill(int index) {
        members.get(index).getLifecycleService().terminate();
    }

    @Override
    public void close() {
        for (HazelcastInstance member : members) {
            if (member.getLifecycleService().isRunning()) {
                member.getLifecycleService().terminate();
            }
        }
    }
}
