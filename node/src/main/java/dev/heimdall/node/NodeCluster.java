package dev.heimdall.node;

import dev.heimdall.cluster.admin.LeaseHolder;
import dev.heimdall.cluster.admin.MemberCommands;
import dev.heimdall.cluster.admin.NodeStatus;
import dev.heimdall.cluster.admin.StatusBoard;
import dev.heimdall.cluster.config.ConfigChanges;
import dev.heimdall.cluster.health.HealthExchange;
import dev.heimdall.cluster.membership.ClusterMember;
import dev.heimdall.governance.health.HealthSnapshot;
import dev.heimdall.governance.health.KeyHealth;
import dev.heimdall.governance.health.SharedHealthBoard;
import dev.heimdall.governance.health.TargetId;
import dev.heimdall.node.lifecycle.Drain;
import dev.heimdall.node.lifecycle.RequestRate;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * What this node shares with its cluster through its member: its health digests, news of its governance writes, the
 * drain commands operators send to it, and its status. Built once the member has joined and the node's parts exist;
 * closing it stops all that and leaves the cluster.
 */
final class NodeCluster implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(NodeCluster.class);

    private final ClusterMember member;
    private final HealthExchange health;
    private final ConfigChanges changes;
    private final MemberCommands commands;
    private final StatusBoard statuses;

    /**
     * @param http   where this node's gateway listens, {@code host:port}
     * @param leases the leases this node holds of cluster-wide quotas and budgets
     */
    NodeCluster(ClusterMember member, Vertx vertx, SharedHealthBoard board, NodeGovernance governance, Drain drain,
                Supplier<String> http, LeaseHolder leases) {
        this.member = member;
        this.health = HealthExchange.start(member, board, HealthExchange.DEFAULT_INTERVAL);
        this.changes = new ConfigChanges(member, change -> vertx.executeBlocking(() -> {
            governance.changedOnPeer(change);
            return null;
        }).onFailure(e -> LOG.warn("change of {} {} made on another node not applied: {}", change.kind(), change.id(),
                e.toString())));
        governance.shareChangesWith(changes::publish);
        this.commands = new MemberCommands(member, command -> carryOut(command, drain));
        RequestRate rate = new RequestRate(drain.requests(), System::nanoTime);
        this.statuses = new StatusBoard(member, () -> new NodeStatus(http.get(),
                drain.draining() ? NodeStatus.State.DRAINING : NodeStatus.State.SERVING, rate.perSecond(),
                drain.requests().inFlight(), leases.leasesHeld(), targets(board)), StatusBoard.DEFAULT_INTERVAL);
        drain.onChange(statuses::publishSoon);
    }

    static void carryOut(MemberCommands.Command command, Drain drain) {
        switch (command) {
            case DRAIN -> drain.begin();
            case UNDRAIN -> drain.cancel();
        }
    }

    ClusterMember member() {
        return member;
    }

    StatusBoard statuses() {
        return statuses;
    }

    MemberCommands commands() {
        return commands;
    }

    private static List<NodeStatus.TargetStatus> targets(SharedHealthBoard board) {
        long now = System.nanoTime();
        KeyHealth keys = board.keys();
        return board.targets().stream()
                .sorted(Comparator.comparing(TargetId::toString))
                .map(target -> {
                    HealthSnapshot snapshot = board.snapshot(target.provider(), target.key(), target.model(), now);
                    return new NodeStatus.TargetStatus(target.provider(), target.key(), target.model(),
                            board.factor(target.provider(), target.key(), target.model(), now),
                            snapshot.circuit().name().toLowerCase(Locale.ROOT),
                            keys.cooldownRemainingNanos(target.provider(), target.key(), target.model(), now)
                                    / 1_000_000,
                            keys.dead(target.provider(), target.key()));
                })
                .toList();
    }

    /** Stops sharing and leaves the cluster (gracefully: the member's partitions move first). Blocking. */
    @Override
    public void close() {
        statuses.close();
        commands.close();
        changes.close();
        health.close();
        member.leave();
    }
}
