package dev.heimdall.governance.health;

/**
 * What routing reads about its targets, in one place: each key's health factor and circuit, and (through
 * {@link #keys()}) its 429 cooldowns and dead credentials. A target is one key of a provider serving one model
 * ({@link TargetId}); a provider without keys uses {@link TargetId#NO_KEY}. Implementations are thread-safe and
 * cheap to read: every event loop asks on every request. Times are {@link System#nanoTime()} values (or the
 * implementation's injected clock).
 */
public interface HealthView {

    /**
     * The number the key's configured weight is multiplied by: {@link HealthScore#MIN_FACTOR} to 1 while its
     * circuit admits requests, 0 while it does not. A target never observed is worth 1.
     */
    double factor(String provider, String key, String model, long nowNanos);

    CircuitState circuit(String provider, String key, String model, long nowNanos);

    /** Whether a request may go to this key for this model now: not dead, not cooling down, circuit admitting. */
    boolean admits(String provider, String key, String model, long nowNanos);

    /**
     * Claims the right to send one request now: true when the circuit is closed, or half-open with a probe due (the
     * probe is then taken); false otherwise. Call once for the key actually chosen.
     */
    boolean tryAcquire(String provider, String key, String model, long nowNanos);

    HealthSnapshot snapshot(String provider, String key, String model, long nowNanos);

    /** The keys' cooldowns after 429s and dead credentials after 401/403. */
    KeyHealth keys();
}
