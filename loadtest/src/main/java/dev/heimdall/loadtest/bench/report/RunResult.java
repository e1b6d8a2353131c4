package dev.heimdall.loadtest.bench.report;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What one measured run of one system in one scenario yielded. A metric that does not apply (CPU of "direct", the
 * in-process histogram of nginx) is absent rather than zero.
 *
 * @param scenario the scenario's key, e.g. {@code latency-5000}
 * @param system   the system's name, e.g. {@code nginx}
 * @param run      1-based index of the round; rounds alternate systems, so equal indices ran close in time
 * @param values   the figures
 */
public record RunResult(String scenario, String system, int run, Map<Metric, Double> values) {

    public RunResult {
        Objects.requireNonNull(scenario, "scenario");
        Objects.requireNonNull(system, "system");
        EnumMap<Metric, Double> copy = new EnumMap<>(Metric.class);
        values.forEach((m, v) -> {
            if (v != null && !v.isNaN()) {
                copy.put(m, v);
            }
        });
        values = Collections.unmodifiableMap(copy);
    }

    public Optional<Double> get(Metric metric) {
        return Optional.ofNullable(values.get(metric));
    }
}
