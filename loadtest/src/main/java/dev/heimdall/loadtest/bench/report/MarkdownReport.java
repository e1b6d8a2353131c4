package dev.heimdall.loadtest.bench.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Renders a suite's results as Markdown tables: each cell is the median of the runs with their range, "added"
 * columns are the system minus the baseline (direct to the mock) round by round, and every table ends with the
 * machine it ran on.
 */
public final class MarkdownReport {
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{([a-z-]+)}}");
    private static final String NONE = "—";

    private final Machine machine;
    private final Results results;
    private final String baseline;

    public MarkdownReport(Machine machine, Results results, String baseline) {
        this.machine = machine;
        this.results = results;
        this.baseline = baseline;
    }

    /** Replaces every {@code {{name}}} of {@code template}; a placeholder without a value is an error. */
    public static String fill(String template, Map<String, String> values) {
        Matcher m = PLACEHOLDER.matcher(template);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String value = values.get(m.group(1));
            if (value == null) {
                throw new IllegalArgumentException("the template's {{" + m.group(1) + "}} has no value");
            }
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** Latency percentiles, then what each system adds and costs, of an open-loop scenario. */
    public String latency(String scenario) {
        List<String> systems = results.systems(scenario);
        StringBuilder sb = new StringBuilder();
        List<Metric> shown = List.of(Metric.P50, Metric.P90, Metric.P99, Metric.P999, Metric.MAX, Metric.ERRORS,
                Metric.REQUESTS);
        header(sb, shown.stream().map(Metric::heading).toList());
        for (String s : systems) {
            List<String> cells = new ArrayList<>();
            for (Metric m : shown) {
                cells.add(cell(scenario, s, m));
            }
            row(sb, s, cells);
        }
        sb.append('\n');
        List<String> costHeadings = List.of("added p50 (ms)", "added p99 (ms)", "added p99.9 (ms)",
                Metric.CPU_PER_REQUEST.heading(), Metric.RSS.heading(), Metric.IN_PROCESS_MEAN.heading(),
                Metric.IN_PROCESS_P99.heading());
        header(sb, costHeadings);
        for (String s : systems) {
            row(sb, s, List.of(added(scenario, s, Metric.P50), added(scenario, s, Metric.P99),
                    added(scenario, s, Metric.P999), cell(scenario, s, Metric.CPU_PER_REQUEST),
                    cell(scenario, s, Metric.RSS), cell(scenario, s, Metric.IN_PROCESS_MEAN),
                    cell(scenario, s, Metric.IN_PROCESS_P99)));
        }
        return machineLine(sb);
    }

    /** Closed-loop throughput with what it cost each system, and how busy the system's core was. */
    public String saturation(String scenario) {
        StringBuilder sb = new StringBuilder();
        header(sb, List.of(Metric.THROUGHPUT.heading(), Metric.P50.heading(), Metric.P99.heading(),
                Metric.ERRORS.heading(), Metric.CPU_PER_REQUEST.heading(), Metric.BUSY.heading(),
                "req/s per core at that CPU/req", Metric.RSS.heading()));
        for (String s : results.systems(scenario)) {
            String capacity = results.spread(scenario, s, Metric.CPU_PER_REQUEST)
                    .filter(c -> c.median() > 0)
                    .map(c -> String.format(Locale.ROOT, "%.0f", 1e6 / c.median()))
                    .orElse(NONE);
            row(sb, s, List.of(cell(scenario, s, Metric.THROUGHPUT), cell(scenario, s, Metric.P50),
                    cell(scenario, s, Metric.P99), cell(scenario, s, Metric.ERRORS),
                    cell(scenario, s, Metric.CPU_PER_REQUEST), cell(scenario, s, Metric.BUSY), capacity,
                    cell(scenario, s, Metric.RSS)));
        }
        return machineLine(sb);
    }

    /** Time to first token and the gap between chunks, and what each system adds to them. */
    public String streaming(String scenario) {
        StringBuilder sb = new StringBuilder();
        header(sb, List.of(Metric.STREAMS.heading(), Metric.TTFT_P50.heading(), Metric.TTFT_P99.heading(),
                "added TTFT p50 (ms)", "added TTFT p99 (ms)", Metric.GAP_P50.heading(), Metric.GAP_P99.heading(),
                "added gap p50 (ms)", "added gap p99 (ms)", Metric.ERRORS.heading(), "CPU/stream (µs)",
                Metric.RSS.heading()));
        for (String s : results.systems(scenario)) {
            row(sb, s, List.of(cell(scenario, s, Metric.STREAMS), cell(scenario, s, Metric.TTFT_P50),
                    cell(scenario, s, Metric.TTFT_P99), added(scenario, s, Metric.TTFT_P50),
                    added(scenario, s, Metric.TTFT_P99), cell(scenario, s, Metric.GAP_P50),
                    cell(scenario, s, Metric.GAP_P99), added(scenario, s, Metric.GAP_P50),
                    added(scenario, s, Metric.GAP_P99), cell(scenario, s, Metric.ERRORS),
                    cell(scenario, s, Metric.CPU_PER_REQUEST), cell(scenario, s, Metric.RSS)));
        }
        return machineLine(sb);
    }

    /** One system's soak: verdicts first, then every sample. */
    public String soak(SoakResult soak) {
        StringBuilder sb = new StringBuilder();
        Trend rss = soak.rss();
        sb.append(String.format(Locale.ROOT, "- RSS: %.0f MiB → %.0f MiB over the window after warm-up (fitted): %s%n",
                rss.start(), rss.end(), rss.flat() ? "**flat**" : "**rising**"));
        if (soak.jvm()) {
            Trend old = soak.oldGen();
            sb.append(String.format(Locale.ROOT, "- old generation: %.1f MiB → %.1f MiB (fitted): %s%n", old.start(),
                    old.end(), old.flat() ? "**flat**" : "**rising**"));
            sb.append(String.format(Locale.ROOT, "- GC: %d pauses, longest %.2f ms: %s%n", soak.pauses(),
                    soak.maxPauseMs(), soak.maxPauseMs() <= SoakResult.PAUSE_LIMIT_MS ? "within 10 ms"
                            : "**above 10 ms**"));
        }
        RunResult load = soak.load();
        sb.append(String.format(Locale.ROOT, "- load: %s requests, %s errors, p50 %s ms, p99 %s ms, p99.9 %s ms, "
                        + "max %s ms%n%n", value(load, Metric.REQUESTS), value(load, Metric.ERRORS),
                value(load, Metric.P50), value(load, Metric.P99), value(load, Metric.P999), value(load, Metric.MAX)));
        header(sb, List.of("RSS (MiB)", "old gen (MiB)", "GC pauses", "longest pause (ms)"), "t (s)");
        for (SoakSample s : soak.samples()) {
            row(sb, String.format(Locale.ROOT, "%.0f", s.seconds()), List.of(
                    String.format(Locale.ROOT, "%.0f", s.rssMb()),
                    Double.isNaN(s.oldGenMb()) ? NONE : String.format(Locale.ROOT, "%.1f", s.oldGenMb()),
                    soak.jvm() ? Integer.toString(s.gcPauses()) : NONE,
                    soak.jvm() ? String.format(Locale.ROOT, "%.2f", s.maxGcPauseMs()) : NONE));
        }
        return machineLine(sb);
    }

    /** JMH results: score with its error, and the allocation per operation. */
    public String jmh(List<JmhResult> jmh) {
        StringBuilder sb = new StringBuilder();
        header(sb, List.of("mode", "score", "± error", "unit", "allocated (B/op)"), "benchmark");
        for (JmhResult r : jmh) {
            row(sb, r.benchmark(), List.of(r.mode(), fmt(r.score(), 3), Double.isNaN(r.error()) ? NONE
                    : fmt(r.error(), 3), r.unit(), Double.isNaN(r.allocBytesPerOp()) ? NONE
                    : fmt(r.allocBytesPerOp(), 0)));
        }
        return machineLine(sb);
    }

    /**
     * The targets for {@code system} against nginx (and, for reference, Portkey): added latency at the
     * highest rate, throughput and CPU per request at saturation, streaming's added time to first token.
     */
    public String targets(String system, String latency, String saturation, String streaming) {
        StringBuilder sb = new StringBuilder();
        header(sb, List.of(system, "nginx", "Portkey", "vs nginx", "vs Portkey", "target", "verdict"), "figure");
        if (latency != null) {
            ratioRow(sb, latency + " added p50 (ms)", results.added(latency, system, baseline, Metric.P50),
                    results.added(latency, "nginx", baseline, Metric.P50),
                    results.added(latency, "portkey", baseline, Metric.P50), 1.5, true, 3);
            ratioRow(sb, latency + " added p99 (ms)", results.added(latency, system, baseline, Metric.P99),
                    results.added(latency, "nginx", baseline, Metric.P99),
                    results.added(latency, "portkey", baseline, Metric.P99), 1.5, true, 3);
        }
        if (saturation != null) {
            ratioRow(sb, "saturation req/s", results.spread(saturation, system, Metric.THROUGHPUT),
                    results.spread(saturation, "nginx", Metric.THROUGHPUT),
                    results.spread(saturation, "portkey", Metric.THROUGHPUT), 0.8, false, 0);
            ratioRow(sb, "saturation CPU/req (µs)",
                    results.spread(saturation, system, Metric.CPU_PER_REQUEST),
                    results.spread(saturation, "nginx", Metric.CPU_PER_REQUEST),
                    results.spread(saturation, "portkey", Metric.CPU_PER_REQUEST), 1.5, true, 1);
        }
        if (streaming != null) {
            Optional<Spread> ttft = results.added(streaming, system, baseline, Metric.TTFT_P99);
            row(sb, "streaming added TTFT p99 (ms)", List.of(ttft.map(s -> fmt(s.median(), 3)).orElse(NONE),
                    results.added(streaming, "nginx", baseline, Metric.TTFT_P99).map(s -> fmt(s.median(), 3))
                            .orElse(NONE),
                    results.added(streaming, "portkey", baseline, Metric.TTFT_P99).map(s -> fmt(s.median(), 3))
                            .orElse(NONE),
                    NONE, NONE, "< 1 ms", ttft.map(s -> s.median() < 1 ? "met" : "**missed**").orElse(NONE)));
        }
        return machineLine(sb);
    }

    private void ratioRow(StringBuilder sb, String figure, Optional<Spread> value,
                          Optional<Spread> nginx, Optional<Spread> portkey, double factor, boolean lowerIsBetter,
                          int decimals) {
        String target = (lowerIsBetter ? "≤ " : "≥ ") + fmt(factor, 1) + "× nginx";
        String verdict = NONE;
        if (value.isPresent() && nginx.isPresent()) {
            double v = value.get().median();
            double n = nginx.get().median();
            if (n <= 0) {
                verdict = "n/a (nginx's figure is not above zero)";
            } else {
                boolean met = lowerIsBetter ? v <= factor * n : v >= factor * n;
                verdict = met ? "met" : String.format(Locale.ROOT, "**missed** (%.2f× nginx)", v / n);
            }
        }
        row(sb, figure, List.of(value.map(s -> fmt(s.median(), decimals)).orElse(NONE),
                nginx.map(s -> fmt(s.median(), decimals)).orElse(NONE),
                portkey.map(s -> fmt(s.median(), decimals)).orElse(NONE),
                ratio(value, nginx), ratio(value, portkey), target, verdict));
    }

    private static String ratio(Optional<Spread> a, Optional<Spread> b) {
        if (a.isEmpty() || b.isEmpty() || b.get().median() <= 0 || a.get().median() < 0) {
            return NONE;
        }
        return String.format(Locale.ROOT, "%.2f×", a.get().median() / b.get().median());
    }

    private String cell(String scenario, String system, Metric metric) {
        return results.spread(scenario, system, metric).map(s -> s.format(metric.decimals(), false)).orElse(NONE);
    }

    private String added(String scenario, String system, Metric metric) {
        if (system.equals(baseline)) {
            return NONE;
        }
        return results.added(scenario, system, baseline, metric).map(s -> s.format(metric.decimals(), true))
                .orElse(NONE);
    }

    private static String value(RunResult r, Metric m) {
        return r.get(m).map(v -> fmt(v, m.decimals())).orElse(NONE);
    }

    private static String fmt(double v, int decimals) {
        return String.format(Locale.ROOT, "%." + decimals + "f", v);
    }

    private static void header(StringBuilder sb, List<String> headings) {
        header(sb, headings, "system");
    }

    private static void header(StringBuilder sb, List<String> headings, String first) {
        sb.append("| ").append(first).append(" | ").append(String.join(" | ", headings)).append(" |\n");
        sb.append("|---").append("|---:".repeat(headings.size())).append("|\n");
    }

    private static void row(StringBuilder sb, String first, List<String> cells) {
        sb.append("| ").append(first).append(" | ").append(String.join(" | ", cells)).append(" |\n");
    }

    private String machineLine(StringBuilder sb) {
        sb.append("\nMachine: ").append(machine.oneLine()).append('\n');
        return sb.toString();
    }
}
