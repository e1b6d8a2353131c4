package dev.heimdall.cluster.membership;

import com.hazelcast.cluster.Member;
import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicLong;

/**
 * This node's embedded Hazelcast member: it joins at start-up, logs and counts the members that join and leave
 * after it, and leaves when the node stops. A node without cluster settings is a cluster of one through the same
 * code: every shared structure then lives in this process alone.
 */
public final class ClusterMember {

    private static final Logger LOG = LoggerFactory.getLogger(ClusterMember.class);
    private static final String VERSION = "heimdall.version";
    private static final String STARTED_AT = "heimdall.started-at";

    private final HazelcastInstance hazelcast;
    private final String name;
    private final boolean alone;
    private final AtomicLong joins = new AtomicLong();
    private final AtomicLong leaves = new AtomicLong();
    private final ScheduledExecutorService scheduler;

    private ClusterMember(HazelcastInstance hazelcast, ClusterSettings settings) {
        this.hazelcast = hazelcast;
        this.name = settings.name();
        this.alone = settings.isAlone();
        this.scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "heimdall-cluster-" + hazelcast.getName());
            thread.setDaemon(true);
            return thread;
        });
        hazelcast.getCluster().addMembershipListener(new MembershipListener() {
            @Override
            public void memberAdded(MembershipEvent event) {
                joins.incrementAndGet();
                LOG.info("cluster member joined: {} ({} members)", describe(event.getMember()), event.getMembers().size());
            }

            @Override
            public void memberRemoved(MembershipEvent event) {
                leaves.incrementAndGet();
                LOG.info("cluster member left: {} ({} members)", describe(event.getMember()), event.getMembers().size());
            }
        });
    }

    /**
     * Starts this node's member and joins the cluster the settings name; blocks (a second or two, up to the join
     * timeout when peers are listed but none answers), so never call it on an event loop.
     *
     * @param version the Heimdall version this node runs, shown to the other members
     */
    public static ClusterMember join(ClusterSettings settings, String version) {
        HazelcastInstance hazelcast = Hazelcast.newHazelcastInstance(MemberConfiguration.of(settings,
                Map.of(VERSION, version, STARTED_AT, Long.toString(System.currentTimeMillis()))));
        ClusterMember member = new ClusterMember(hazelcast, settings);
        LOG.info("cluster {}: this member is {} at {}, {} members", settings.isAlone() ? "of one" : settings.name(),
                member.id(), hazelcast.getCluster().getLocalMember().getAddress(), member.size());
        return member;
    }

    /** The embedded Hazelcast member, for the structures other parts of the node keep in the cluster. */
    public HazelcastInstance hazelcast() {
        return hazelcast;
    }

    /** The cluster's name as configured. */
    public String name() {
        return name;
    }

    /** This member's id for this run. */
    public String id() {
        return hazelcast.getCluster().getLocalMember().getUuid().toString();
    }

    /** Whether this node runs as a cluster of one (no discovery, loopback only). */
    public boolean isAlone() {
        return alone;
    }

    public int size() {
        return hazelcast.getCluster().getMembers().size();
    }

    /** The members, oldest first. */
    public List<MemberInfo> members() {
        return hazelcast.getCluster().getMembers().stream()
                .map(this::info)
                .sorted(Comparator.comparing(MemberInfo::startedAt).thenComparing(MemberInfo::id))
                .toList();
    }

    /** Members that joined after this one. */
    public long joins() {
        return joins.get();
    }

    /** Members that left (or were lost) after this one joined. */
    public long leaves() {
        return leaves.get();
    }

    /** One thread for this member's periodic work: publishing health and status. Never blocked for long. */
    public ScheduledExecutorService scheduler() {
        return scheduler;
    }

    /**
     * Leaves the cluster gracefully: the partitions this member owns move to the others before it goes. Blocking.
     */
    public void leave() {
        scheduler.shutdownNow();
        if (hazelcast.getLifecycleService().isRunning()) {
            LOG.info("leaving the cluster ({} members before)", size());
            hazelcast.shutdown();
        }
    }

    private MemberInfo info(Member member) {
        String started = member.getAttribute(STARTED_AT);
        String version = member.getAttribute(VERSION);
        return new MemberInfo(member.getUuid().toString(), hostPort(member), version == null ? "unknown" : version,
                started == null ? Instant.EPOCH : Instant.ofEpochMilli(Long.parseLong(started)), member.localMember());
    }

    private static String hostPort(Member member) {
        return member.getAddress().getHost() + ":" + member.getAddress().getPort();
    }

    private static String describe(Member member) {
        return member.getUuid() + " at " + hostPort(member) + " (Heimdall " + member.getAttribute(VERSION) + ")";
    }
}
