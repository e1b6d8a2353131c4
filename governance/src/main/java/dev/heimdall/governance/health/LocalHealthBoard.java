package dev.heimdall.governance.health;

import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/** Health learned from this process's own attempts only. */
public final class LocalHealthBoard implements HealthBoard {

    private final HealthSettings settings;
    private final LongSupplier nanoClock;
    private final KeyHealth keys;
    private final ConcurrentHashMap<TargetId, TargetHealth> targets = new ConcurrentHashMap<>();

    public LocalHealthBoard(HealthSettings settings) {
        this(settings, System::nanoTime);
    }

    /** @param nanoClock a monotonic clock in nanoseconds, {@link System#nanoTime()} outside tests */
    public LocalHealthBoard(HealthSettings settings, LongSupplier nanoClock) {
        this.settings = settings;
        this.nanoClock = nanoClock;
        this.keys = new LocalKeyHealth(nanoClock);
    }

    @Override
    public void observe(Observation observation) {
        targets.computeIfAbsent(observation.target(), id -> new TargetHealth(settings))
                .observe(observation, nanoClock.getAsLong());
    }

    @Override
    public double factor(String provider, String key, String model, long nowNanos) {
        TargetHealth health = targets.get(new TargetId(provider, key, model));
        return health == null ? 1 : health.factor(nowNanos);
    }

    @Override
    public CircuitState circuit(String provider, String key, String model, long nowNanos) {
        return snapshot(provider, key, model, nowNanos).circuit();
    }

    @Override
    public boolean admits(String provider, String key, String model, long nowNanos) {
        if (!keys.usable(provider, key, model, nowNanos)) {
            return false;
        }
        TargetHealth health = targets.get(new TargetId(provider, key, model));
        return health == null || health.admits(nowNanos);
    }

    @Override
    public boolean tryAcquire(String provider, String key, String model, long nowNanos) {
        TargetHealth health = targets.get(new TargetId(provider, key, model));
        return health == null || health.tryAcquire(nowNanos);
    }

    @Override
    public HealthSnapshot snapshot(String provider, String key, String model, long nowNanos) {
        TargetHealth health = targets.get(new TargetId(provider, key, model));
        return health == null ? HealthSnapshot.UNOBSERVED : health.snapshot(nowNanos);
    }

    @Override
    public KeyHealth keys() {
        return keys;
    }

    @Override
    public void clear() {
        targets.clear();
        keys.clear();
    }
}
