package dev.heimdall.loadtest.bench.sut;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A Heimdall node from its runnable jar with one of the suite's configs. The configs read the port, the mock's base
 * URL and the client's key from {@code HEIMDALL_BENCH_PORT}, {@code HEIMDALL_BENCH_MOCK} and
 * {@code HEIMDALL_BENCH_CLIENT_KEY}. The JVM writes a GC log for the soak.
 */
public final class Heimdall {
    /** Top-level config sections that switch a governance feature on, in the order the report lists them. */
    static final List<String> GOVERNANCE_SECTIONS = List.of("virtual-keys", "access-profiles", "rate-limits",
            "budgets", "routing-rules", "guardrails", "audit");

    private Heimdall() {
    }

    public static SystemUnderTest start(SutEnvironment env, int port, String name, Path config) {
        Path dir = env.systemDir(name);
        String features;
        try {
            features = describeGovernance(Files.readString(config));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Path gcLog = dir.resolve("gc.log");
        List<String> command = new ArrayList<>(List.of("java"));
        command.addAll(env.heimdallJvm());
        command.addAll(List.of("-Xlog:gc:file=" + gcLog + ":uptime", "-jar", env.heimdallJar().toString(),
                "--config", config.toString()));
        PinnedProcess p = PinnedProcess.start(name, command, env.cpus(), dir.resolve("stdout.log"), Map.of(
                "HEIMDALL_BENCH_PORT", Integer.toString(port), "HEIMDALL_BENCH_MOCK", env.mock().toString(),
                "HEIMDALL_BENCH_CLIENT_KEY", env.clientKey()));
        String base = "http://127.0.0.1:" + port;
        p.awaitReady(URI.create(base + "/health/ready"), Duration.ofSeconds(60));
        Endpoint endpoint = new Endpoint(URI.create(base + "/v1/chat/completions"), "openai/gpt-4o-mini", Map.of());
        return new RunningSystem(name, p, endpoint, gcLog, URI.create(base + "/metrics"), "Heimdall ("
                + env.heimdallJar().getFileName() + ", JVM " + String.join(" ", env.heimdallJvm()) + ") with "
                + config.getFileName() + ": " + features);
    }

    /**
     * Which governance features a config switches on, from its top-level sections (a line that starts at column 0
     * with {@code name:}), e.g. {@code governance on: routing-rules; not configured: virtual-keys, ...}.
     */
    static String describeGovernance(String yaml) {
        Set<String> present = new LinkedHashSet<>();
        for (String line : yaml.lines().toList()) {
            int colon = line.indexOf(':');
            if (colon > 0 && !Character.isWhitespace(line.charAt(0)) && line.charAt(0) != '#') {
                present.add(line.substring(0, colon).trim());
            }
        }
        List<String> on = GOVERNANCE_SECTIONS.stream().filter(present::contains).toList();
        List<String> off = GOVERNANCE_SECTIONS.stream().filter(s -> !present.contains(s)).toList();
        return (on.isEmpty() ? "governance off" : "governance on: " + String.join(", ", on))
                + (off.isEmpty() ? "" : "; not configured: " + String.join(", ", off));
    }
}
