package dev.heimdall.governance.health;

/**
 * Everything known about one target's health at a moment, for explanations and dashboards.
 *
 * @param latency    time to the whole answer of requests that were not streamed
 * @param firstToken time to the first bytes of streamed answers
 */
public record HealthSnapshot(HealthScore score, CircuitState circuit, LatencySignal latency, LatencySignal firstToken) {

    public static final HealthSnapshot UNOBSERVED =
            new HealthSnapshot(HealthScore.HEALTHY, CircuitState.CLOSED, LatencySignal.NONE, LatencySignal.NONE);
}
