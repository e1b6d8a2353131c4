package dev.heimdall.cluster.membership;

import dev.heimdall.cluster.Poll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.UUID;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class ClusterMemberTest {

    @Test
    void membersOfTheListFormOneClusterAndCountWhoJoinsAndLeaves() {
        try (LoopbackCluster cluster = new LoopbackCluster(3)) {
            List<ClusterMember> members = cluster.start();
            ClusterMember first = members.get(0);

            assertThat(first.size()).isEqualTo(3);
            assertThat(first.members()).extracting(MemberInfo::address)
                    .containsExactlyElementsOf(cluster.ports().stream().map(p -> "127.0.0.1:" + p).toList());
            assertThat(first.members()).filteredOn(MemberInfo::self).extracting(MemberInfo::id).containsExactly(first.id());
            assertThat(first.members()).allSatisfy(member -> assertThat(member.version()).isEqualTo("test"));
            Poll.until(Duration.ofSeconds(5), () -> first.joins() == 2);

            members.get(2).leave();

            // listeners hear of it on Hazelcast's event threads, after the member list changed
            Poll.until(Duration.ofSeconds(10), () -> first.leaves() == 1 && members.get(1).leaves() == 1);
            assertThat(first.size()).isEqualTo(2);
        }
    }

    @Test
    void aClusterOfOneJoinsNobodyAndNobodyJoinsIt() {
        ClusterMember alone = ClusterMember.join(ClusterSettings.alone(), "test");
        ClusterMember another = ClusterMember.join(ClusterSettings.alone(), "test");
        try {
            assertThat(alone.isAlone()).isTrue();
            assertThat(alone.size()).isEqualTo(1);
            assertThat(another.size()).isEqualTo(1);
            assertThat(alone.members().get(0).address()).startsWith("127.0.0.1:");
        } finally {
            alone.leave();
            another.leave();
        }
    }

    @Test
    void kubernetesDnsFindsTheMembersTheServiceNameResolvesTo() {
        int port = LoopbackCluster.freePort();
        String name = "test-" + UUID.randomUUID();
        Join dns = new Join.KubernetesDns("localhost", port);
        ClusterMember first = ClusterMember.join(new ClusterSettings(name, "127.0.0.1", port, dns), "test");
        ClusterMember second = ClusterMember.join(
                new ClusterSettings(name, "127.0.0.1", LoopbackCluster.freePort(), dns), "test");
        try {
            assertThat(second.size()).isEqualTo(2);
            assertThat(first.size()).isEqualTo(2);
        } finally {
            second.leave();
            first.leave();
        }
    }
}
