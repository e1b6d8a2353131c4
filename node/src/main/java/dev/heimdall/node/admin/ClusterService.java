package dev.heimdall.node.admin;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.heimdall.cluster.admin.MemberCommands;
import dev.heimdall.cluster.admin.NodeStatus;
import dev.heimdall.cluster.admin.StatusBoard;
import dev.heimdall.cluster.membership.ClusterMember;
import dev.heimdall.cluster.membership.MemberInfo;

import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The cluster as the admin API shows it, and the drain commands it sends. Every member answers from what it holds
 * itself: Hazelcast's member list and the status board every member publishes to, so there is no leader to ask and
 * any node gives the same view. A member is named by its id, or {@code self} for the node that answers.
 */
public final class ClusterService {

    static final String SELF = "self";

    private final ClusterMember member;
    private final StatusBoard statuses;
    private final MemberCommands commands;
    private final Consumer<MemberCommands.Command> onSelf;
    private final Clock clock;

    /** @param onSelf carries out a command addressed to this node, at once */
    public ClusterService(ClusterMember member, StatusBoard statuses, MemberCommands commands,
                          Consumer<MemberCommands.Command> onSelf, Clock clock) {
        this.member = member;
        this.statuses = statuses;
        this.commands = commands;
        this.onSelf = onSelf;
        this.clock = clock;
    }

    AdminReply cluster() {
        ObjectNode body = AdminJson.NODES.objectNode()
                .put("name", member.name())
                .put("self", member.id());
        ArrayNode members = AdminJson.NODES.arrayNode();
        for (MemberInfo info : member.members()) {
            members.add(describe(info, statuses.status(info.id())));
        }
        body.put("size", members.size()).set("members", members);
        return AdminReply.ok(body);
    }

    AdminReply member(String id) {
        MemberInfo info = find(id);
        Optional<NodeStatus> status = statuses.status(info.id());
        ObjectNode body = describe(info, status);
        if (status.isPresent()) {
            body.putObject("load")
                    .put("requests-per-second", Math.round(status.get().requestsPerSecond() * 10) / 10.0)
                    .put("in-flight", Math.max(0, status.get().inFlight()))
                    .put("leases-held", status.get().leasesHeld());
        } else {
            body.putNull("load");
        }
        ArrayNode health = body.putArray("health");
        status.ifPresent(s -> s.health().forEach(target -> health.addObject()
                .put("provider", target.provider())
                .put("key", target.key())
                .put("model", target.model())
                .put("factor", target.factor())
                .put("circuit", target.circuit())
                .put("cooling-ms", target.coolingMillis())
                .put("dead", target.dead())));
        return AdminReply.ok(body);
    }

    /** Sends {@code command} to the member; answered once sent, since a remote member carries it out on its own. */
    AdminReply command(String id, MemberCommands.Command command) {
        MemberInfo target = find(id);
        if (target.self()) {
            onSelf.accept(command);
        } else {
            commands.send(target.id(), command);
        }
        return new AdminReply(202, AdminJson.NODES.objectNode().put("id", target.id())
                .put("command", command.name().toLowerCase(Locale.ROOT)), java.util.Map.of());
    }

    private MemberInfo find(String id) {
        return member.members().stream()
                .filter(info -> SELF.equals(id) ? info.self() : info.id().equals(id))
                .findFirst()
                .orElseThrow(() -> AdminFailure.notFound("No cluster member with id " + id
                        + "; GET /admin/v1/cluster lists them."));
    }

    private ObjectNode describe(MemberInfo info, Optional<NodeStatus> status) {
        ObjectNode member = AdminJson.NODES.objectNode()
                .put("id", info.id())
                .put("address", info.address())
                .put("http", status.map(NodeStatus::http).orElse(null))
                .put("version", info.version())
                .put("started-at", info.startedAt().toString())
                .put("uptime-seconds", Math.max(0, Duration.between(info.startedAt(), clock.instant()).toSeconds()))
                .put("state", status.map(s -> s.state().name().toLowerCase(Locale.ROOT)).orElse("unknown"))
                .put("self", info.self());
        return member;
    }
}
