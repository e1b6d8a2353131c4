package dev.heimdall.node.config;

import dev.heimdall.cluster.membership.ClusterSettings;
import dev.heimdall.cluster.membership.Join;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ClusterConfigTest {

    private final ConfigLoader loader = new ConfigLoader(Set.of("openai"), Map.of("POD_NAMESPACE", "prod"));

    private ClusterSettings cluster(String yaml) {
        return loader.parse(yaml, "heimdall.yaml").cluster();
    }

    private void assertRejected(String yaml, String message) {
        assertThatThrownBy(() -> cluster(yaml)).isInstanceOf(ConfigException.class).hasMessage(message);
    }

    @Test
    void withoutTheSectionANodeIsAClusterOfOneOnLoopback() {
        ClusterSettings alone = cluster("server: { port: 8080 }");

        assertThat(alone.isAlone()).isTrue();
        assertThat(alone.host()).isEqualTo("127.0.0.1");
        assertThat(alone.port()).isZero();
    }

    @Test
    void readsAMemberList() {
        assertThat(cluster("""
                cluster:
                  name: prod
                  host: 10.0.0.11
                  port: 5801
                  join: { members: [ "10.0.0.11:5801", "10.0.0.12:5801", "[fd00::13]:5801" ] }
                """)).isEqualTo(new ClusterSettings("prod", "10.0.0.11", 5801,
                new Join.Members(List.of("10.0.0.11:5801", "10.0.0.12:5801", "[fd00::13]:5801"))));
    }

    @Test
    void readsKubernetesDnsWithTheMembersPortAsTheServicesByDefault() {
        assertThat(cluster("""
                cluster:
                  join: { kubernetes: { service-dns: "heimdall-hazelcast.${POD_NAMESPACE}.svc.cluster.local" } }
                """)).isEqualTo(new ClusterSettings("heimdall", null, 5701,
                new Join.KubernetesDns("heimdall-hazelcast.prod.svc.cluster.local", 5701)));
    }

    @Test
    void readsMulticastWithItsDefaults() {
        assertThat(cluster("cluster: { name: lab, join: { multicast: {} } }").join())
                .isEqualTo(new Join.Multicast("224.2.2.3", 54_327));
        assertThat(cluster("cluster: { join: { multicast: { group: 224.2.2.9, port: 54400 } } }").join())
                .isEqualTo(new Join.Multicast("224.2.2.9", 54_400));
    }

    @Test
    void readsTheDrainTimeout() {
        assertThat(loader.parse("server: { drain-timeout: 45s }", "heimdall.yaml").server().drainTimeout())
                .isEqualTo(Duration.ofSeconds(45));
    }

    @Test
    void refusesWhatCouldNeverJoin() {
        assertRejected("cluster: { name: prod }",
                "heimdall.yaml: cluster.join: expected exactly one of members (a list of host:port), multicast or"
                        + " kubernetes, got nothing");
        assertRejected("cluster: { join: { members: [ \"10.0.0.11:5701\" ], multicast: {} } }",
                "heimdall.yaml: cluster.join: expected exactly one of members (a list of host:port), multicast or"
                        + " kubernetes, got a mapping");
        assertRejected("cluster: { join: { members: [ \"10.0.0.11\" ] } }",
                "heimdall.yaml: cluster.join.members[0]: expected host:port, such as 10.0.0.11:5701 (a member without"
                        + " a port never joins), got \"10.0.0.11\"");
        assertRejected("cluster: { join: { members: [] } }",
                "heimdall.yaml: cluster.join.members: expected a list of host:port, this member's included, got a list");
        assertRejected("cluster: { join: { kubernetes: { service-name: heimdall } } }",
                "heimdall.yaml: cluster.join.kubernetes.service-name: unknown key; expected one of service-dns,"
                        + " service-port");
        assertRejected("cluster: { join: { zookeeper: {} } }",
                "heimdall.yaml: cluster.join.zookeeper: unknown key; expected one of members, multicast, kubernetes");
        assertRejected("cluster: { port: 0, join: { multicast: {} } }",
                "heimdall.yaml: cluster.port: expected an integer between 1 and 65535, got 0");
    }
}
