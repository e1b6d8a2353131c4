package dev.heimdall.cluster.admin;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.hazelcast.replicatedmap.ReplicatedMap;
import dev.heimdall.cluster.membership.ClusterMember;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Every member's latest {@link NodeStatus}, in a replicated map that every member holds whole, so that any member
 * answers the cluster view from memory without asking the others (and without a leader). Each member rewrites its
 * own entry every interval; an entry lives five intervals, so a member that died without a word drops out by
 * itself. Statuses are JSON so that members of two versions can read each other's during a rolling upgrade.
 */
public final class StatusBoard implements AutoCloseable {

    static final String MAP = "heimdall.member-status";
    public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(1);

    private static final Logger LOG = LoggerFactory.getLogger(StatusBoard.class);
    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private final ClusterMember member;
    private final Supplier<NodeStatus> local;
    private final ReplicatedMap<String, String> statuses;
    private final long ttlMillis;
    private final ScheduledFuture<?> publishing;

    /** @param local this member's status now; called on the member's scheduler thread */
    public StatusBoard(ClusterMember member, Supplier<NodeStatus> local, Duration interval) {
        this.member = member;
        this.local = local;
        this.statuses = member.hazelcast().getReplicatedMap(MAP);
        this.ttlMillis = interval.toMillis() * 5;
        this.publishing = member.scheduler().scheduleWithFixedDelay(this::publish, 0, interval.toNanos(),
                TimeUnit.NANOSECONDS);
    }

    /** Publishes this member's status soon, rather than at the next interval: after a drain, say. */
    public void publishSoon() {
        member.scheduler().execute(this::publish);
    }

    /** The last status the member with this id published, if it is still fresh. */
    public Optional<NodeStatus> status(String memberId) {
        String json = statuses.get(memberId);
        if (json == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(JSON.readValue(json, NodeStatus.class));
        } catch (JsonProcessingException e) {
            LOG.warn("status of member {} unreadable: {}", memberId, e.getOriginalMessage());
            return Optional.empty();
        }
    }

    private void publish() {
        try {
            statuses.put(member.id(), JSON.writeValueAsString(local.get()), ttlMillis, TimeUnit.MILLISECONDS);
        } catch (JsonProcessingException | RuntimeException e) {
            // the next interval tries again; a scheduled task that throws would never run again
            LOG.warn("status not published: {}", e.toString());
        }
    }

    /** Stops publishing and takes this member's entry out, so the others stop showing it at once. */
    @Override
    public void close() {
        publishing.cancel(false);
        if (member.hazelcast().getLifecycleService().isRunning()) {
            statuses.remove(member.id());
        }
    }
}
