package dev.heimdall.loadtest.bench.report;

import java.util.List;

/**
 * One system's soak: its samples and the load's outcome.
 *
 * @param system  the system's name
 * @param rate    offered requests per second
 * @param seconds the soak's length
 * @param samples every sample, in order
 * @param load    latency and error figures of the whole soak
 * @param jvm     whether the old generation and GC pauses were observed
 */
public record SoakResult(String system, double rate, long seconds, List<SoakSample> samples, RunResult load,
                         boolean jvm) {
    /** RSS may rise by 8 MiB or 5% over the window and still count as flat. */
    public static final double RSS_TOLERANCE_MB = 8;
    /** The old generation may rise by 8 MiB or 10% (promotion between full collections is a sawtooth). */
    public static final double OLD_GEN_TOLERANCE_MB = 8;
    /** The limit for one GC pause. */
    public static final double PAUSE_LIMIT_MS = 10;

    public Trend rss() {
        return Trend.of(samples.stream().map(SoakSample::rssMb).toList(), RSS_TOLERANCE_MB, 0.05);
    }

    public Trend oldGen() {
        return Trend.of(samples.stream().map(SoakSample::oldGenMb).toList(), OLD_GEN_TOLERANCE_MB, 0.10);
    }

    public double maxPauseMs() {
        return samples.stream().mapToDouble(SoakSample::maxGcPauseMs).max().orElse(0);
    }

    public int pauses() {
        return samples.stream().mapToInt(SoakSample::gcPauses).sum();
    }
}
