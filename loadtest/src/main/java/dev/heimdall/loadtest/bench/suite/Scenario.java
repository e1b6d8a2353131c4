package dev.heimdall.loadtest.bench.suite;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The suite's scenarios, in the order they run. */
public enum Scenario {
    /** Open loop at fixed rates with a slow upstream: the latency a user sees and what each system adds. */
    LATENCY,
    /** Closed loop against an instant upstream: the most each system serves, and its CPU per request. */
    SATURATION,
    /** Many concurrent streams: added time to first token and added gap between chunks. */
    STREAMING,
    /** A long run at a steady rate, sampling memory and GC: does anything grow? */
    SOAK,
    /** The JMH benchmarks kept beside the code, with their allocation per operation. */
    JMH;

    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Scenario of(String key) {
        for (Scenario s : values()) {
            if (s.key().equals(key.trim())) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown scenario '" + key + "', expected one of "
                + Arrays.stream(values()).map(Scenario::key).collect(Collectors.joining(", ")));
    }
}
