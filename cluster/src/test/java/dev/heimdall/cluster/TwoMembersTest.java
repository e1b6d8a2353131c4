package dev.heimdall.cluster;

import dev.heimdall.cluster.admin.MemberCommands;
import dev.heimdall.cluster.admin.NodeStatus;
import dev.heimdall.cluster.admin.StatusBoard;
import dev.heimdall.cluster.config.ConfigChanges;
import dev.heimdall.cluster.health.HealthExchange;
import dev.heimdall.cluster.membership.ClusterMember;
import dev.heimdall.cluster.membership.LoopbackCluster;
import dev.heimdall.governance.health.CircuitState;
import dev.heimdall.governance.health.HealthSettings;
import dev.heimdall.governance.health.Observation;
import dev.heimdall.governance.health.SharedHealthBoard;
import dev.heimdall.governance.health.TargetId;
import dev.heimdall.governance.store.EntityKind;
import dev.heimdall.governance.store.GovernanceChange;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/** What members tell each other, between two real members on loopback. */
class TwoMembersTest {

    private static final TargetId K = new TargetId("openai", "main", "gpt-4o");

    private static LoopbackCluster cluster;
    private static ClusterMember a;
    private static ClusterMember b;

    @BeforeAll
    static void start() {
        cluster = new LoopbackCluster(2);
        List<ClusterMember> members = cluster.start();
        a = members.get(0);
        b = members.get(1);
    }

    @AfterAll
    static void stop() {
        cluster.close();
    }

    @Test
    void aCooldownAndFailuresOnOneMemberReachTheOtherWithinASecond() {
        SharedHealthBoard boardA = new SharedHealthBoard(HealthSettings.DEFAULT);
        SharedHealthBoard boardB = new SharedHealthBoard(HealthSettings.DEFAULT);
        try (HealthExchange fromA = HealthExchange.start(a, boardA, HealthExchange.DEFAULT_INTERVAL);
             HealthExchange fromB = HealthExchange.start(b, boardB, HealthExchange.DEFAULT_INTERVAL)) {
            boardA.keys().coolDown(K.provider(), K.key(), K.model(), Duration.ofSeconds(5));
            for (int i = 0; i < 5; i++) {
                boardA.observe(Observation.failure(K));
            }

            Duration took = Poll.until(Duration.ofSeconds(1),
                    () -> !boardB.keys().usable(K.provider(), K.key(), K.model(), System.nanoTime())
                            && boardB.circuit(K.provider(), K.key(), K.model(), System.nanoTime()) == CircuitState.OPEN);

            assertThat(took).isLessThan(Duration.ofSeconds(1));
            assertThat(boardB.keys().cooldownRemainingNanos(K.provider(), K.key(), K.model(), System.nanoTime()))
                    .isBetween(Duration.ofSeconds(3).toNanos(), Duration.ofSeconds(5).toNanos());
            // A heard nothing back: its own facts are not echoed to it
            assertThat(boardA.takeDigest().isEmpty()).isTrue();
        }
    }

    @Test
    void aChangeOnOneMemberIsToldToTheOthersButNotToItself() {
        List<GovernanceChange> heardByA = new CopyOnWriteArrayList<>();
        List<GovernanceChange> heardByB = new CopyOnWriteArrayList<>();
        GovernanceChange change = new GovernanceChange(EntityKind.VIRTUAL_KEY, "ci", GovernanceChange.Type.REPLACED, 3);
        try (ConfigChanges onA = new ConfigChanges(a, heardByA::add);
             ConfigChanges onB = new ConfigChanges(b, heardByB::add)) {
            onA.publish(change);

            Poll.until(Duration.ofSeconds(1), () -> heardByB.size() == 1);
            assertThat(heardByB).containsExactly(change);
            assertThat(heardByA).isEmpty();
        }
    }

    @Test
    void aCommandIsCarriedOutByTheMemberItNamesOnly() {
        List<MemberCommands.Command> doneByA = new CopyOnWriteArrayList<>();
        List<MemberCommands.Command> doneByB = new CopyOnWriteArrayList<>();
        try (MemberCommands onA = new MemberCommands(a, doneByA::add);
             MemberCommands onB = new MemberCommands(b, doneByB::add)) {
            onA.send(b.id(), MemberCommands.Command.DRAIN);
            onA.send(a.id(), MemberCommands.Command.UNDRAIN);

            Poll.until(Duration.ofSeconds(1), () -> doneByB.size() == 1 && doneByA.size() == 1);
            assertThat(doneByB).containsExactly(MemberCommands.Command.DRAIN);
            assertThat(doneByA).containsExactly(MemberCommands.Command.UNDRAIN);
        }
    }

    @Test
    void everyMemberReadsEveryStatusFromMemoryUntilItsMemberStopsPublishing() {
        NodeStatus statusOfB = new NodeStatus("127.0.0.1:8082", NodeStatus.State.DRAINING, 12.5, 3, 0,
                List.of(new NodeStatus.TargetStatus("openai", "main", "gpt-4o", 0.5, "closed", 0, false)));
        StatusBoard boardA = new StatusBoard(a, () -> new NodeStatus("127.0.0.1:8081", NodeStatus.State.SERVING,
                0, 0, 0, List.of()), StatusBoard.DEFAULT_INTERVAL);
        StatusBoard boardB = new StatusBoard(b, () -> statusOfB, StatusBoard.DEFAULT_INTERVAL);
        try {
            Poll.until(Duration.ofSeconds(2), () -> boardA.status(b.id()).isPresent());
            assertThat(boardA.status(b.id())).contains(statusOfB);
            assertThat(boardA.status("no-such-member")).isEmpty();

            boardB.close();

            Poll.until(Duration.ofSeconds(2), () -> boardA.status(b.id()).isEmpty());
        } finally {
            boardA.close();
        }
    }
}
