package dev.heimdall.governance.health;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/** Key health held in this process only. */
public final class LocalKeyHealth implements KeyHealth {

    private record Cooling(String provider, String key, String model) {
    }

    private record KeyId(String provider, String key) {
    }

    private final LongSupplier nanoClock;
    /** Cooldown end, in the clock's nanos; expired entries are dropped when next looked at. */
    private final ConcurrentHashMap<Cooling, Long> coolingUntil = new ConcurrentHashMap<>();
    private final Set<KeyId> dead = ConcurrentHashMap.newKeySet();

    public LocalKeyHealth() {
        this(System::nanoTime);
    }

    /** @param nanoClock a monotonic clock in nanoseconds, {@link System#nanoTime()} outside tests */
    public LocalKeyHealth(LongSupplier nanoClock) {
        this.nanoClock = nanoClock;
    }

    @Override
    public void coolDown(String provider, String key, String model, Duration duration) {
        long until = nanoClock.getAsLong() + Math.max(0, duration.toNanos());
        // two racing 429s must not shorten each other's cooldown: keep the later end (nanoTime compares by difference)
        coolingUntil.merge(new Cooling(provider, key, model), until, (old, now) -> now - old > 0 ? now : old);
    }

    @Override
    public void markDead(String provider, String key) {
        dead.add(new KeyId(provider, key));
    }

    @Override
    public boolean dead(String provider, String key) {
        return dead.contains(new KeyId(provider, key));
    }

    @Override
    public boolean usable(String provider, String key, String model, long nowNanos) {
        return !dead(provider, key) && cooldownRemainingNanos(provider, key, model, nowNanos) == 0;
    }

    @Override
    public long cooldownRemainingNanos(String provider, String key, String model, long nowNanos) {
        Cooling id = new Cooling(provider, key, model);
        Long until = coolingUntil.get(id);
        if (until == null) {
            return 0;
        }
        long remaining = until - nowNanos;
        if (remaining <= 0) {
            coolingUntil.remove(id, until);
            return 0;
        }
        return remaining;
    }

    @Override
    public void clear() {
        coolingUntil.clear();
        dead.clear();
    }
}
