package dev.heimdall.governance.health;

/**
 * The health of one target: its recent window, latency signals, score and circuit breaker. Observations lock it;
 * reads of a closed circuit's factor do not (the score is published through a volatile field), so routing a
 * request costs no lock while all is well.
 */
final class TargetHealth {

    private final HealthSettings settings;
    private final RecentWindow window;
    private final LatencySeries latency = new LatencySeries();
    private final LatencySeries firstToken = new LatencySeries();
    private final CircuitBreaker breaker;
    private volatile HealthScore score = HealthScore.HEALTHY;
    private volatile boolean closed = true;

    TargetHealth(HealthSettings settings) {
        this.settings = settings;
        this.window = new RecentWindow(settings.window().toNanos(), settings.windowSize());
        this.breaker = new CircuitBreaker(settings.breaker());
    }

    synchronized void observe(Observation observation, long nowNanos) {
        window.add(nowNanos, observation);
        RecentWindow.Stats stats = window.stats(nowNanos);
        switch (observation.outcome()) {
            case SUCCESS -> {
                if (observation.latencyNanos() >= 0) {
                    latency.add(observation.latencyNanos(), stats.latencyP90(), stats.latencySamples(), nowNanos, settings);
                }
                if (observation.firstTokenNanos() >= 0) {
                    firstToken.add(observation.firstTokenNanos(), stats.firstTokenP90(), stats.firstTokenSamples(),
                            nowNanos, settings);
                }
                if (breaker.onSuccess(nowNanos)) {
                    // proven healthy again by its probes: the failures that opened the circuit are history
                    window.clear();
                    stats = window.stats(nowNanos);
                }
            }
            case FAILURE -> breaker.onFailure(nowNanos, stats.calls(), stats.failures());
            case RATE_LIMITED -> {
                // alive but over quota: key cooldowns handle it, the circuit does not
            }
        }
        double ratio = Math.max(latency.ratio(settings), firstToken.ratio(settings));
        score = HealthScore.of(ratio, stats.calls(), stats.failures(), stats.rateLimited(), settings);
        closed = breaker.state(nowNanos) == CircuitState.CLOSED;
    }

    /** The score's factor, or 0 while the circuit admits nothing. */
    double factor(long nowNanos) {
        if (closed) {
            return score.factor();
        }
        synchronized (this) {
            return breaker.admits(nowNanos) ? score.factor() : 0;
        }
    }

    boolean admits(long nowNanos) {
        if (closed) {
            return true;
        }
        synchronized (this) {
            return breaker.admits(nowNanos);
        }
    }

    boolean tryAcquire(long nowNanos) {
        if (closed) {
            return true;
        }
        synchronized (this) {
            return breaker.tryAcquire(nowNanos);
        }
    }

    synchronized HealthSnapshot snapshot(long nowNanos) {
        return new HealthSnapshot(score, breaker.state(nowNanos), latency.signal(), firstToken.signal());
    }
}
