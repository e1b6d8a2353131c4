package dev.heimdall.loadtest.bench.suite;

import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * What a suite run measures and for how long. {@link #fullPlan()} is the report's plan; {@link #quickPlan()} is a smoke
 * test of every moving part in a few minutes (one run, short periods, fewer streams).
 *
 * @param systems               systems, in the order each round runs them
 * @param scenarios             scenarios to run
 * @param runs                  measured rounds per scenario (systems alternate within a round: A B A B)
 * @param warmup                per system and scenario, before its first measured run, discarded
 * @param rates                 open-loop rates of the latency scenario, requests/s
 * @param upstreamLatencyMs     the mock's delay before each non-streaming answer in latency and soak
 * @param latencyDuration       one measured latency run
 * @param latencyConnections    the open-loop generator's pool (enough for rate × upstream delay in flight)
 * @param saturationDuration    one measured saturation run
 * @param saturationConnections closed-loop clients
 * @param streams               concurrent streams
 * @param streamingDuration     one measured streaming run
 * @param ttftMs                the mock's delay to the first token
 * @param interTokenMs          the mock's delay between tokens
 * @param streamTokens          tokens per streamed answer ({@code max_tokens})
 * @param soakDuration          the soak's length
 * @param soakRate              the soak's rate, requests/s
 * @param soakSample            the soak's sampling interval
 * @param soakSystems           systems soaked, one after the other
 * @param quick                 whether this is the smoke-test plan (said in the report)
 */
public record BenchPlan(List<String> systems, Set<Scenario> scenarios, int runs, Duration warmup,
                        List<Integer> rates, long upstreamLatencyMs, Duration latencyDuration,
                        int latencyConnections, Duration saturationDuration, int saturationConnections,
                        int streams, Duration streamingDuration, long ttftMs, long interTokenMs, int streamTokens,
                        Duration soakDuration, double soakRate, Duration soakSample, List<String> soakSystems,
                        boolean quick) {

    public static final List<String> ALL_SYSTEMS = List.of("direct", "nginx", "portkey", "heimdall",
            "heimdall-governed");

    public BenchPlan {
        systems = List.copyOf(systems);
        scenarios = Set.copyOf(scenarios);
        rates = List.copyOf(rates);
        soakSystems = List.copyOf(soakSystems);
        systems.forEach(SystemKind::of);
        soakSystems.forEach(SystemKind::of);
        if (runs < 1) {
            throw new IllegalArgumentException("runs must be >= 1, got " + runs);
        }
        if (!systems.contains("direct") && (scenarios.contains(Scenario.LATENCY)
                || scenarios.contains(Scenario.STREAMING))) {
            throw new IllegalArgumentException("the latency and streaming scenarios subtract 'direct': "
                    + "include it in --systems");
        }
    }

    /** The report's plan: three rounds of 30 s per system and rate, a ten-minute soak. */
    public static BenchPlan fullPlan() {
        return new BenchPlan(ALL_SYSTEMS, Set.of(Scenario.values()), 3, Duration.ofSeconds(30),
                List.of(1000, 5000), 50, Duration.ofSeconds(30), 640, Duration.ofSeconds(20), 64, 500,
                Duration.ofSeconds(20), 50, 50, 20, Duration.ofMinutes(10), 2000, Duration.ofSeconds(10),
                List.of("heimdall-governed"), false);
    }

    /** A smoke test of every part: one round of a few seconds each, a 30-second soak. */
    public static BenchPlan quickPlan() {
        return new BenchPlan(ALL_SYSTEMS, Set.of(Scenario.values()), 1, Duration.ofSeconds(3),
                List.of(1000, 5000), 50, Duration.ofSeconds(5), 640, Duration.ofSeconds(5), 64, 100,
                Duration.ofSeconds(5), 50, 50, 20, Duration.ofSeconds(30), 2000, Duration.ofSeconds(5),
                List.of("heimdall-governed"), true);
    }
}
