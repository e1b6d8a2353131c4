package dev.heimdall.cluster.lease;

import com.hazelcast.cluster.Member;
import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.core.EntryEvent;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.LifecycleEvent;
import com.hazelcast.map.MapEvent;
import com.hazelcast.core.EntryListener;
import com.hazelcast.replicatedmap.ReplicatedMap;

import java.util.UUID;

/**
 * The members that admit requests (run a lease store), as this member last heard of them: the divisor of a node's
 * local share of a limit. Members that only hold data do not count, and a member that cannot be reached keeps
 * counting until Hazelcast removes it from the cluster, so a node cut off from a partition owner takes only its
 * share of the limit as it was before the cut.
 *
 * <p>Kept in a {@code ReplicatedMap} (every member reads its own copy) and counted on every change, so reading the
 * count on the hot path is one volatile read.
 */
public final class AdmittingMembers implements AutoCloseable {

    static final String MAP = "heimdall.admitting-members";

    private final HazelcastInstance hazelcast;
    private final ReplicatedMap<UUID, Long> members;
    private final UUID entryListener;
    private final UUID membershipListener;
    private final UUID lifecycleListener;
    private volatile UUID self;
    private volatile int count = 1;

    private AdmittingMembers(HazelcastInstance hazelcast) {
        this.hazelcast = hazelcast;
        this.members = hazelcast.getReplicatedMap(MAP);
        this.entryListener = members.addEntryListener(new Recount());
        this.membershipListener = hazelcast.getCluster().addMembershipListener(new MembershipListener() {
            @Override
            public void memberAdded(MembershipEvent event) {
                recount();
            }

            @Override
            public void memberRemoved(MembershipEvent event) {
                members.remove(event.getMember().getUuid());
                recount();
            }
        });
        this.lifecycleListener = hazelcast.getLifecycleService().addLifecycleListener(event -> {
            if (event.getState() == LifecycleEvent.LifecycleState.MERGED) {
                register();
            }
        });
        register();
    }

    /** Registers this member as one that admits requests. */
    public static AdmittingMembers join(HazelcastInstance hazelcast) {
        return new AdmittingMembers(hazelcast);
    }

    /** At least 1: this member always counts itself. */
    public int count() {
        return count;
    }

    /** Whether this member is the oldest member of the cluster that admits requests (one member acts for all). */
    public boolean oldestIsLocal() {
        for (Member member : hazelcast.getCluster().getMembers()) {
            if (members.containsKey(member.getUuid())) {
                return member.localMember();
            }
        }
        return false;
    }

    /** Leaves the count (on graceful shutdown: the other members' shares grow at once). */
    @Override
    public void close() {
        if (!hazelcast.getLifecycleService().isRunning()) {
            return;
        }
        members.removeEntryListener(entryListener);
        hazelcast.getCluster().removeMembershipListener(membershipListener);
        hazelcast.getLifecycleService().removeLifecycleListener(lifecycleListener);
        members.remove(self);
    }

    /** A member that merged back after a split may have a new id: register that one (the old one is removed). */
    private void register() {
        UUID previous = self;
        self = hazelcast.getCluster().getLocalMember().getUuid();
        members.put(self, System.currentTimeMillis());
        if (previous != null && !previous.equals(self)) {
            members.remove(previous);
        }
        recount();
    }

    private void recount() {
        count = Math.max(1, members.size());
    }

    private final class Recount implements EntryListener<UUID, Long> {
        @Override
        public void entryAdded(EntryEvent<UUID, Long> event) {
            recount();
        }

        @Override
        public void entryRemoved(EntryEvent<UUID, Long> event) {
            recount();
        }

        @Override
        public void entryUpdated(EntryEvent<UUID, Long> event) {
            recount();
        }

        @Override
        public void entryEvicted(EntryEvent<UUID, Long> event) {
            recount();
        }

        @Override
        public void entryExpired(EntryEvent<UUID, Long> event) {
            recount();
        }

        @Override
        public void mapCleared(MapEvent event) {
            recount();
        }

        @Override
        public void mapEvicted(MapEvent event) {
            recount();
        }
    }
}
