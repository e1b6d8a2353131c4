package dev.heimdall.governance.health;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

/**
 * A health board that nodes keep in step: everything this node learns (an attempt's outcome, a 429's cooldown, a
 * rejected credential) goes into its own board at once and into the next {@link #takeDigest digest} for its peers;
 * what peers learned arrives as their digests and goes into the same board ({@link #absorb}), but never into this
 * node's digests, so nothing echoes around the cluster. Every node then scores each target from the attempts of all
 * nodes: one node's 429 cools the key down everywhere, and failures seen by one open every node's circuit.
 *
 * <p>How digests travel is the caller's business; this class decides only what is shared and how it is merged. At
 * most {@link #MAX_PENDING_OBSERVATIONS} observations wait for the next digest: beyond that a target's window is
 * long full, so further ones are dropped (and counted) rather than queued without bound when no digest is taken.
 */
public final class SharedHealthBoard implements HealthBoard {

    public static final int MAX_PENDING_OBSERVATIONS = 4_096;

    private final HealthBoard board;
    private final LongSupplier nanoClock;
    private final KeyHealth keys;
    private final ConcurrentLinkedQueue<Observation> pending = new ConcurrentLinkedQueue<>();
    private final AtomicInteger pendingCount = new AtomicInteger();
    /** The end of each cooldown this node started since the last digest, in the clock's nanos. */
    private final Map<TargetId, Long> pendingCooldowns = new ConcurrentHashMap<>();
    private final Set<HealthDigest.DeadKey> pendingDead = ConcurrentHashMap.newKeySet();
    private final Set<TargetId> targets = ConcurrentHashMap.newKeySet();
    private final LongAdder dropped = new LongAdder();

    /** @param board where this node's and its peers' facts land; its clock must be {@code nanoClock} */
    public SharedHealthBoard(HealthBoard board, LongSupplier nanoClock) {
        this.board = board;
        this.nanoClock = nanoClock;
        this.keys = new SharingKeyHealth(board.keys());
    }

    public SharedHealthBoard(HealthSettings settings) {
        this(new LocalHealthBoard(settings), System::nanoTime);
    }

    @Override
    public void observe(Observation observation) {
        board.observe(observation);
        targets.add(observation.target());
        if (pendingCount.incrementAndGet() > MAX_PENDING_OBSERVATIONS) {
            pendingCount.decrementAndGet();
            dropped.increment();
            return;
        }
        pending.add(observation);
    }

    /** What this node learned since the last call, to send to its peers; empty when nothing happened. */
    public HealthDigest takeDigest() {
        List<Observation> observations = new ArrayList<>();
        for (Observation next; (next = pending.poll()) != null; ) {
            pendingCount.decrementAndGet();
            observations.add(next);
        }
        long now = nanoClock.getAsLong();
        List<HealthDigest.Cooldown> cooldowns = new ArrayList<>();
        for (TargetId target : List.copyOf(pendingCooldowns.keySet())) {
            Long until = pendingCooldowns.remove(target);
            if (until != null && until - now > 0) {
                cooldowns.add(new HealthDigest.Cooldown(target, Math.max(1, (until - now) / 1_000_000)));
            }
        }
        List<HealthDigest.DeadKey> dead = new ArrayList<>();
        for (HealthDigest.DeadKey key : List.copyOf(pendingDead)) {
            if (pendingDead.remove(key)) {
                dead.add(key);
            }
        }
        return observations.isEmpty() && cooldowns.isEmpty() && dead.isEmpty()
                ? HealthDigest.EMPTY : new HealthDigest(observations, cooldowns, dead);
    }

    /** Merges a peer's digest into this node's board. */
    public void absorb(HealthDigest digest) {
        for (Observation observation : digest.observations()) {
            board.observe(observation);
            targets.add(observation.target());
        }
        KeyHealth local = board.keys();
        for (HealthDigest.Cooldown cooldown : digest.cooldowns()) {
            TargetId target = cooldown.target();
            local.coolDown(target.provider(), target.key(), target.model(), Duration.ofMillis(cooldown.remainingMillis()));
            targets.add(target);
        }
        for (HealthDigest.DeadKey key : digest.deadKeys()) {
            local.markDead(key.provider(), key.key());
        }
    }

    /** Every target observed here or by a peer since the board was made (or cleared). */
    public Set<TargetId> targets() {
        return Set.copyOf(targets);
    }

    /** Observations that were not shared because too many waited for a digest. */
    public long droppedObservations() {
        return dropped.sum();
    }

    @Override
    public double factor(String provider, String key, String model, long nowNanos) {
        return board.factor(provider, key, model, nowNanos);
    }

    @Override
    public CircuitState circuit(String provider, String key, String model, long nowNanos) {
        return board.circuit(provider, key, model, nowNanos);
    }

    @Override
    public boolean admits(String provider, String key, String model, long nowNanos) {
        return board.admits(provider, key, model, nowNanos);
    }

    @Override
    public boolean tryAcquire(String provider, String key, String model, long nowNanos) {
        return board.tryAcquire(provider, key, model, nowNanos);
    }

    @Override
    public HealthSnapshot snapshot(String provider, String key, String model, long nowNanos) {
        return board.snapshot(provider, key, model, nowNanos);
    }

    @Override
    public KeyHealth keys() {
        return keys;
    }

    /** Forgets what this node knows and what it had yet to share; peers keep what they were told. */
    @Override
    public void clear() {
        board.clear();
        pending.clear();
        pendingCount.set(0);
        pendingCooldowns.clear();
        pendingDead.clear();
        targets.clear();
    }

    /** This node's key health, remembering what it learns itself for the next digest. */
    private final class SharingKeyHealth implements KeyHealth {

        private final KeyHealth local;

        SharingKeyHealth(KeyHealth local) {
            this.local = local;
        }

        @Override
        public void coolDown(String provider, String key, String model, Duration duration) {
            local.coolDown(provider, key, model, duration);
            TargetId target = new TargetId(provider, key, model);
            targets.add(target);
            long until = nanoClock.getAsLong() + Math.max(0, duration.toNanos());
            pendingCooldowns.merge(target, until, (old, now) -> now - old > 0 ? now : old);
        }

        @Override
        public void markDead(String provider, String key) {
            local.markDead(provider, key);
            pendingDead.add(new HealthDigest.DeadKey(provider, key));
        }

        @Override
        public boolean dead(String provider, String key) {
            return local.dead(provider, key);
        }

        @Override
        public boolean usable(String provider, String key, String model, long nowNanos) {
            return local.usable(provider, key, model, nowNanos);
        }

        @Override
        public long cooldownRemainingNanos(String provider, String key, String model, long nowNanos) {
            return local.cooldownRemainingNanos(provider, key, model, nowNanos);
        }

        @Override
        public void clear() {
            local.clear();
            pendingCooldowns.clear();
            pendingDead.clear();
        }
    }
}
