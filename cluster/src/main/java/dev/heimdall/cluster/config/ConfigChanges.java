package dev.heimdall.cluster.config;

import com.hazelcast.topic.ITopic;
import com.hazelcast.topic.Message;
import dev.heimdall.cluster.membership.ClusterMember;
import dev.heimdall.governance.store.EntityKind;
import dev.heimdall.governance.store.GovernanceChange;
import dev.heimdall.governance.store.GovernanceChangeListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.UUID;

/**
 * Tells every member about a change one member made through the admin API. All members share one database, so the
 * news is only which entity changed: each member then rebuilds its snapshot from the database, as the member that
 * wrote it did. A member that misses the news (it was joining) built its snapshot from the database after the write.
 */
public final class ConfigChanges implements AutoCloseable {

    static final String TOPIC = "heimdall.governance-changes";

    private static final Logger LOG = LoggerFactory.getLogger(ConfigChanges.class);

    private final ClusterMember member;
    private final ITopic<byte[]> topic;
    private final UUID listener;

    /** @param peersChanged told about other members' changes, on a Hazelcast event thread: hand blocking work off */
    public ConfigChanges(ClusterMember member, GovernanceChangeListener peersChanged) {
        this.member = member;
        this.topic = member.hazelcast().getTopic(TOPIC);
        this.listener = topic.addMessageListener(message -> received(message, peersChanged));
    }

    /** Tells the other members that this member changed an entity (after the write committed). */
    public void publish(GovernanceChange change) {
        if (member.size() > 1) {
            topic.publish(encode(change));
        }
    }

    private static void received(Message<byte[]> message, GovernanceChangeListener peersChanged) {
        if (message.getPublishingMember() != null && message.getPublishingMember().localMember()) {
            return;
        }
        GovernanceChange change;
        try {
            change = decode(message.getMessageObject());
        } catch (IllegalArgumentException e) {
            LOG.warn("governance change from {} ignored: {}", message.getPublishingMember(), e.getMessage());
            return;
        }
        peersChanged.changed(change);
    }

    static byte[] encode(GovernanceChange change) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeUTF(change.kind().name());
            out.writeUTF(change.id());
            out.writeUTF(change.type().name());
            out.writeLong(change.version());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** @throws IllegalArgumentException for bytes that name no change this version knows */
    static GovernanceChange decode(byte[] bytes) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            return new GovernanceChange(EntityKind.valueOf(in.readUTF()), in.readUTF(),
                    GovernanceChange.Type.valueOf(in.readUTF()), in.readLong());
        } catch (IOException e) {
            throw new IllegalArgumentException("not a governance change: " + e, e);
        }
    }

    @Override
    public void close() {
        if (member.hazelcast().getLifecycleService().isRunning()) {
            topic.removeMessageListener(listener);
        }
    }
}
