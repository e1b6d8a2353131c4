package dev.heimdall.loadtest.bench.report;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/** Every run of a suite, aggregated per scenario, system and metric. */
public final class Results {
    private final List<RunResult> runs = new ArrayList<>();

    public synchronized void add(RunResult run) {
        runs.add(run);
    }

    public synchronized List<RunResult> all() {
        return List.copyOf(runs);
    }

    /** Systems that ran {@code scenario}, in the order they first ran. */
    public synchronized List<String> systems(String scenario) {
        Set<String> out = new LinkedHashSet<>();
        for (RunResult r : runs) {
            if (r.scenario().equals(scenario)) {
                out.add(r.system());
            }
        }
        return List.copyOf(out);
    }

    /** The spread of {@code metric} over the runs of {@code system} in {@code scenario}, if any run had it. */
    public synchronized Optional<Spread> spread(String scenario, String system, Metric metric) {
        List<Double> values = new ArrayList<>(byRun(scenario, system, metric).values());
        return values.isEmpty() ? Optional.empty() : Optional.of(Spread.of(values));
    }

    /**
     * What {@code system} adds over {@code baseline}: the difference of each round's pair (runs with the same index
     * ran next to each other, so they share the machine's conditions), then the spread of those differences.
     */
    public synchronized Optional<Spread> added(String scenario, String system, String baseline, Metric metric) {
        Map<Integer, Double> sys = byRun(scenario, system, metric);
        Map<Integer, Double> base = byRun(scenario, baseline, metric);
        List<Double> differences = new ArrayList<>();
        sys.forEach((run, v) -> {
            Double b = base.get(run);
            if (b != null) {
                differences.add(v - b);
            }
        });
        return differences.isEmpty() ? Optional.empty() : Optional.of(Spread.of(differences));
    }

    private Map<Integer, Double> byRun(String scenario, String system, Metric metric) {
        Map<Integer, Double> out = new TreeMap<>();
        for (RunResult r : runs) {
            if (r.scenario().equals(scenario) && r.system().equals(system)) {
                r.get(metric).ifPresent(v -> out.put(r.run(), v));
            }
        }
        return out;
    }
}
