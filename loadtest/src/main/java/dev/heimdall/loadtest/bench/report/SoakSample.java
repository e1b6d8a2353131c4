package dev.heimdall.loadtest.bench.report;

/**
 * One sample of a soak.
 *
 * @param seconds       since the soak started
 * @param rssMb         resident set size of the system's process tree, MiB
 * @param oldGenMb      old generation in use (JVM systems; NaN otherwise), MiB
 * @param gcPauses      GC pauses since the previous sample (JVM systems)
 * @param maxGcPauseMs  the longest of them, ms (0 when none)
 */
public record SoakSample(double seconds, double rssMb, double oldGenMb, int gcPauses, double maxGcPauseMs) {
}
