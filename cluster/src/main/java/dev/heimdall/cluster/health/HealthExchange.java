package dev.heimdall.cluster.health;

import com.hazelcast.topic.ITopic;
import com.hazelcast.topic.Message;
import dev.heimdall.cluster.membership.ClusterMember;
import dev.heimdall.governance.health.HealthDigest;
import dev.heimdall.governance.health.SharedHealthBoard;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Carries health digests between the members: every interval this member publishes what its board learned on a
 * Hazelcast topic (nothing when it learned nothing, or when it is alone), and it merges every other member's
 * digests into its board as they arrive. A topic rather than a replicated map: a digest is news, not state, and
 * each member's board keeps the state. A digest lost with a dying member costs the others a few observations.
 */
public final class HealthExchange implements AutoCloseable {

    static final String TOPIC = "heimdall.health";
    /** A few times a second: a 429 or an outage reaches every node well within a second. */
    public static final Duration DEFAULT_INTERVAL = Duration.ofMillis(200);

    private static final Logger LOG = LoggerFactory.getLogger(HealthExchange.class);

    private final ClusterMember member;
    private final SharedHealthBoard board;
    private final ITopic<byte[]> topic;
    private final UUID listener;
    private final ScheduledFuture<?> publishing;

    private HealthExchange(ClusterMember member, SharedHealthBoard board, Duration interval) {
        this.member = member;
        this.board = board;
        this.topic = member.hazelcast().getTopic(TOPIC);
        this.listener = topic.addMessageListener(this::received);
        this.publishing = member.scheduler().scheduleWithFixedDelay(this::publish, interval.toNanos(),
                interval.toNanos(), TimeUnit.NANOSECONDS);
    }

    public static HealthExchange start(ClusterMember member, SharedHealthBoard board, Duration interval) {
        return new HealthExchange(member, board, interval);
    }

    private void publish() {
        try {
            HealthDigest digest = board.takeDigest();
            if (!digest.isEmpty() && member.size() > 1) {
                topic.publish(HealthDigestCodec.encode(digest));
            }
        } catch (RuntimeException e) {
            // the next round tries again; a scheduled task that throws would never run again
            LOG.warn("health digest not published: {}", e.toString());
        }
    }

    private void received(Message<byte[]> message) {
        if (message.getPublishingMember() != null && message.getPublishingMember().localMember()) {
            return;
        }
        try {
            board.absorb(HealthDigestCodec.decode(message.getMessageObject()));
        } catch (IllegalArgumentException e) {
            LOG.warn("health digest from {} ignored: {}", message.getPublishingMember(), e.getMessage());
        }
    }

    /** Stops publishing and listening; what was not published yet stays with this member. */
    @Override
    public void close() {
        publishing.cancel(false);
        if (member.hazelcast().getLifecycleService().isRunning()) {
            topic.removeMessageListener(listener);
        }
    }
}
