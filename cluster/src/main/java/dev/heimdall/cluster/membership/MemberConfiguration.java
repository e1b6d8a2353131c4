package dev.heimdall.cluster.membership;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.NetworkConfig;

import java.util.Map;
import java.util.UUID;

/** The Hazelcast configuration of a member, from the node's cluster settings. */
final class MemberConfiguration {

    /**
     * Members start at about the same time when a fleet comes up: rather than wait a fixed time before joining, a
     * member asks every listed address at once and gives up on one that does not answer within this.
     */
    private static final int CONNECTION_TIMEOUT_SECONDS = 1;

    private MemberConfiguration() {
    }

    static Config of(ClusterSettings settings, Map<String, String> attributes) {
        Config config = new Config();
        config.setClusterName(settings.isAlone() ? settings.name() + "-" + UUID.randomUUID() : settings.name());
        config.setProperty("hazelcast.logging.type", "slf4j");
        // air-gapped installs: no call home
        config.setProperty("hazelcast.phone.home.enabled", "false");
        // the node leaves the cluster itself, after its drain, in the order it chooses
        config.setProperty("hazelcast.shutdownhook.enabled", "false");
        config.setProperty("hazelcast.wait.seconds.before.join", "0");
        config.setProperty("hazelcast.max.wait.seconds.before.join", "0");
        // a member that stops answering is out after 10 s; one whose process died, as soon as its port refuses
        config.setProperty("hazelcast.heartbeat.interval.seconds", "1");
        config.setProperty("hazelcast.max.no.heartbeat.seconds", "10");
        // two halves of a healed network partition find each other within half a minute, not the default 5
        config.setProperty("hazelcast.merge.first.run.delay.seconds", "30");
        config.setProperty("hazelcast.merge.next.run.delay.seconds", "30");
        config.getMemberAttributeConfig().setAttributes(attributes);

        NetworkConfig network = config.getNetworkConfig();
        network.setPort(settings.port()).setPortAutoIncrement(false);
        if (settings.host() != null) {
            config.setProperty("hazelcast.local.localAddress", settings.host());
            config.setProperty("hazelcast.socket.bind.any", "false");
        }
        JoinConfig join = network.getJoin();
        join.getMulticastConfig().setEnabled(false);
        join.getTcpIpConfig().setEnabled(false);
        join.getAutoDetectionConfig().setEnabled(false);
        // a cluster of one looks for nobody, so nothing can join it
        if (settings.join() instanceof Join.Members members) {
            join.getTcpIpConfig().setEnabled(true).setConnectionTimeoutSeconds(CONNECTION_TIMEOUT_SECONDS)
                    .setMembers(members.addresses());
        } else if (settings.join() instanceof Join.Multicast multicast) {
            join.getMulticastConfig().setEnabled(true).setMulticastGroup(multicast.group())
                    .setMulticastPort(multicast.port());
        } else if (settings.join() instanceof Join.KubernetesDns dns) {
            join.getKubernetesConfig().setEnabled(true).setProperty("service-dns", dns.serviceDns())
                    .setProperty("service-port", Integer.toString(dns.servicePort()));
        }
        return config;
    }
}
