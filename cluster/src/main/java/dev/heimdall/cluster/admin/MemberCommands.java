package dev.heimdall.cluster.admin;

import com.hazelcast.topic.ITopic;
import com.hazelcast.topic.Message;
import dev.heimdall.cluster.membership.ClusterMember;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.UUID;
import java.util.function.Consumer;

/**
 * Operators' commands to one member, sent from any member: the admin API of every node can drain every other. The
 * command travels on a topic that every member reads, and only the member it names carries it out.
 */
public final class MemberCommands implements AutoCloseable {

    /** What a member can be asked to do. */
    public enum Command {
        /** Leave the balancer's rotation and finish what it serves. */
        DRAIN,
        /** Return to the rotation. */
        UNDRAIN
    }

    static final String TOPIC = "heimdall.member-commands";

    private static final Logger LOG = LoggerFactory.getLogger(MemberCommands.class);

    private final ClusterMember member;
    private final ITopic<String> topic;
    private final UUID listener;

    /** @param handler carries out the commands addressed to this member, on a Hazelcast event thread: quickly */
    public MemberCommands(ClusterMember member, Consumer<Command> handler) {
        this.member = member;
        this.topic = member.hazelcast().getTopic(TOPIC);
        this.listener = topic.addMessageListener(message -> received(message, handler));
    }

    /** Sends {@code command} to the member with id {@code memberId} (this one included). */
    public void send(String memberId, Command command) {
        topic.publish(command.name() + " " + memberId);
    }

    private void received(Message<String> message, Consumer<Command> handler) {
        String[] parts = message.getMessageObject().split(" ", 2);
        if (parts.length != 2 || !parts[1].equals(member.id())) {
            return;
        }
        Command command;
        try {
            command = Command.valueOf(parts[0]);
        } catch (IllegalArgumentException e) {
            LOG.warn("unknown member command {} from {}", parts[0], message.getPublishingMember());
            return;
        }
        LOG.info("{} requested by {}", command.name().toLowerCase(java.util.Locale.ROOT),
                message.getPublishingMember());
        handler.accept(command);
    }

    @Override
    public void close() {
        if (member.hazelcast().getLifecycleService().isRunning()) {
            topic.removeMessageListener(listener);
        }
    }
}
