package dev.heimdall.loadtest.bench.report;

/** One figure a benchmark run yields, with how the report labels and formats it. */
public enum Metric {
    P50("p50", "ms", 3),
    P90("p90", "ms", 3),
    P99("p99", "ms", 3),
    P999("p99.9", "ms", 3),
    MAX("max", "ms", 3),
    REQUESTS("requests", "", 0),
    ERRORS("errors", "", 0),
    THROUGHPUT("req/s", "", 0),
    CPU_PER_REQUEST("CPU/req", "µs", 1),
    BUSY("SUT busy", "%", 0),
    RSS("RSS", "MiB", 0),
    IN_PROCESS_MEAN("in-process mean", "µs", 1),
    IN_PROCESS_P99("in-process p99 ≤", "µs", 0),
    TTFT_P50("TTFT p50", "ms", 3),
    TTFT_P99("TTFT p99", "ms", 3),
    GAP_P50("gap p50", "ms", 3),
    GAP_P99("gap p99", "ms", 3),
    STREAMS("streams", "", 0);

    private final String label;
    private final String unit;
    private final int decimals;

    Metric(String label, String unit, int decimals) {
        this.label = label;
        this.unit = unit;
        this.decimals = decimals;
    }

    /** The column heading, with the unit when there is one, e.g. {@code p99 (ms)}. */
    public String heading() {
        return unit.isEmpty() ? label : label + " (" + unit + ")";
    }

    public String label() {
        return label;
    }

    public int decimals() {
        return decimals;
    }
}
