package dev.heimdall.governance.routing;

import dev.heimdall.governance.health.HealthView;
import dev.heimdall.governance.health.TargetId;

import java.util.Map;

/**
 * A target's effective weight: its configured weight times the health factor of the keys that would carry it (the
 * weighted mean over its provider's usable keys for the model; see {@link KeyPool#healthFactor}). Weights are
 * relative, so renormalising over the targets that remain eligible is implicit in the weighted pick.
 */
public final class EffectiveWeights {

    private final Map<String, KeyPool> pools;
    private final HealthView health;

    /** @param pools each provider's key pool by provider name; an empty pool is a provider without keys */
    public EffectiveWeights(Map<String, KeyPool> pools, HealthView health) {
        this.pools = Map.copyOf(pools);
        this.health = health;
    }

    public HealthView health() {
        return health;
    }

    public double factor(Target target, long nowNanos) {
        KeyPool pool = pools.get(target.provider());
        if (pool == null || pool.isEmpty()) {
            return health.factor(target.provider(), TargetId.NO_KEY, target.model(), nowNanos);
        }
        return pool.healthFactor(target.provider(), target.model(), target.keyName(), health, nowNanos);
    }

    public double weight(Target target, long nowNanos) {
        return target.weight() * factor(target, nowNanos);
    }
}
