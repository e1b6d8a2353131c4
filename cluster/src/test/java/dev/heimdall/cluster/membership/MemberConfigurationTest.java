package dev.heimdall.cluster.membership;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MemberConfigurationTest {

    @Test
    void aMemberListJoinsOverTcpOnlyOnTheExactPort() {
        Config config = MemberConfiguration.of(new ClusterSettings("prod", null, 5701,
                new Join.Members(List.of("10.0.0.11:5701", "10.0.0.12:5701"))), Map.of("heimdall.version", "1"));

        JoinConfig join = config.getNetworkConfig().getJoin();
        assertThat(config.getClusterName()).isEqualTo("prod");
        assertThat(join.getTcpIpConfig().isEnabled()).isTrue();
        assertThat(join.getTcpIpConfig().getMembers()).containsExactly("10.0.0.11:5701", "10.0.0.12:5701");
        assertThat(join.getMulticastConfig().isEnabled()).isFalse();
        assertThat(join.getKubernetesConfig().isEnabled()).isFalse();
        assertThat(join.getAutoDetectionConfig().isEnabled()).isFalse();
        assertThat(config.getNetworkConfig().getPort()).isEqualTo(5701);
        assertThat(config.getNetworkConfig().isPortAutoIncrement()).isFalse();
        assertThat(config.getProperty("hazelcast.local.localAddress")).isNull();
        assertThat(config.getProperty("hazelcast.phone.home.enabled")).isEqualTo("false");
        assertThat(config.getProperty("hazelcast.shutdownhook.enabled")).isEqualTo("false");
        assertThat(config.getMemberAttributeConfig().getAttributes()).containsEntry("heimdall.version", "1");
    }

    @Test
    void multicastAndKubernetesDnsAreTheOnlyWayInWhenChosen() {
        JoinConfig multicast = MemberConfiguration.of(new ClusterSettings("lab", null, 5701,
                new Join.Multicast("224.2.2.9", 54_400)), Map.of()).getNetworkConfig().getJoin();
        JoinConfig dns = MemberConfiguration.of(new ClusterSettings("k8s", null, 5701,
                new Join.KubernetesDns("heimdall-hazelcast.prod.svc.cluster.local", 5701)), Map.of())
                .getNetworkConfig().getJoin();

        assertThat(multicast.getMulticastConfig().isEnabled()).isTrue();
        assertThat(multicast.getMulticastConfig().getMulticastGroup()).isEqualTo("224.2.2.9");
        assertThat(multicast.getMulticastConfig().getMulticastPort()).isEqualTo(54_400);
        assertThat(multicast.getTcpIpConfig().isEnabled()).isFalse();
        assertThat(dns.getKubernetesConfig().isEnabled()).isTrue();
        assertThat(dns.getKubernetesConfig().getProperty("service-dns"))
                .isEqualTo("heimdall-hazelcast.prod.svc.cluster.local");
        assertThat(dns.getKubernetesConfig().getProperty("service-port")).isEqualTo("5701");
        assertThat(dns.getTcpIpConfig().isEnabled()).isFalse();
    }

    @Test
    void aClusterOfOneBindsLoopbackAndLooksForNobody() {
        Config config = MemberConfiguration.of(ClusterSettings.alone(), Map.of());

        JoinConfig join = config.getNetworkConfig().getJoin();
        assertThat(config.getClusterName()).startsWith("heimdall-alone-");
        assertThat(config.getProperty("hazelcast.local.localAddress")).isEqualTo("127.0.0.1");
        assertThat(join.getTcpIpConfig().isEnabled() || join.getMulticastConfig().isEnabled()
                || join.getKubernetesConfig().isEnabled() || join.getAutoDetectionConfig().isEnabled()).isFalse();
    }

    @Test
    void aListedMemberWithoutAPortIsRefused() {
        assertThatThrownBy(() -> new Join.Members(List.of("10.0.0.11"))).hasMessageContaining("host:port");
        assertThat(Join.Members.isHostPort("[::1]:5701")).isTrue();
        assertThat(Join.Members.isHostPort("node-1.example:5701")).isTrue();
        assertThat(Join.Members.isHostPort("node-1.example:0")).isFalse();
        assertThat(Join.Members.isHostPort("::1:5701")).isFalse();
    }
}
