package dev.heimdall.governance.health;

import java.time.Duration;

/**
 * What the gateway has learned about its upstream keys: which are cooling down after a 429 (per model, since
 * providers rate-limit per model) and which were rejected outright. An interface so a cluster can share the state
 * later; implementations must be thread-safe, since every event loop consults the same one.
 */
public interface KeyHealth {

    /** The provider rate-limited {@code key} for {@code model}: leave it alone for {@code duration} from now. */
    void coolDown(String provider, String key, String model, Duration duration);

    /** The provider rejected {@code key}'s credential: never choose it again (until restart). */
    void markDead(String provider, String key);

    boolean dead(String provider, String key);

    /** Whether {@code key} may carry a request for {@code model} at {@code nowNanos} (a {@link System#nanoTime()}). */
    boolean usable(String provider, String key, String model, long nowNanos);

    /** How long {@code key} still cools down for {@code model}; 0 when it does not (dead keys included). */
    long cooldownRemainingNanos(String provider, String key, String model, long nowNanos);

    /** Forgets every cooldown and every dead key, as after the operator replaced the keys. */
    void clear();
}
