package dev.heimdall.loadtest;

import dev.heimdall.loadtest.bench.proc.ProcessTree;
import dev.heimdall.loadtest.bench.report.Machine;
import dev.heimdall.loadtest.bench.suite.BenchDocument;
import dev.heimdall.loadtest.bench.suite.BenchPlan;
import dev.heimdall.loadtest.bench.suite.BenchSuite;
import dev.heimdall.loadtest.bench.suite.JmhRunner;
import dev.heimdall.loadtest.bench.suite.Scenario;
import dev.heimdall.loadtest.bench.suite.SystemKind;
import dev.heimdall.loadtest.bench.sut.PinnedProcess;
import dev.heimdall.loadtest.bench.sut.SutEnvironment;
import dev.heimdall.loadtest.bench.sut.SystemUnderTest;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * {@code bench}: starts the mock provider and every selected system (pinned with taskset), runs the suite and writes
 * the benchmark page. Every process it started is stopped on the way out, also when the JVM is terminated.
 */
final class BenchCommand {
    static final Set<String> OPTIONS = Set.of("systems", "scenarios", "runs", "warmup", "rates",
            "upstream-latency-ms", "duration", "connections", "saturation-duration", "saturation-connections",
            "streams", "streaming-duration", "ttft-ms", "inter-token-ms", "stream-tokens", "soak-duration",
            "soak-rate", "soak-sample", "soak-systems", "base-port", "sut-cpus", "mock-cpus", "loadtest-jar",
            "heimdall-jar", "portkey-dir", "nginx", "haproxy", "heimdall-config", "heimdall-governed-config",
            "heimdall-jvm", "mock-jvm", "template", "extra", "output", "work-dir", "client-key", "command");
    static final Set<String> FLAGS = Set.of("quick");

    private final List<AutoCloseable> started = new CopyOnWriteArrayList<>();

    private BenchCommand() {
    }

    static int run(String[] args) throws Exception {
        return new BenchCommand().execute(new Args(args, 1, OPTIONS, FLAGS));
    }

    private int execute(Args a) throws Exception {
        boolean quick = a.flag("quick");
        BenchPlan plan = plan(a, quick ? BenchPlan.quickPlan() : BenchPlan.fullPlan());
        int basePort = (int) a.getLong("base-port", 19080);
        Path work = Files.createDirectories(Path.of(a.get("work-dir", "loadtest/target/bench/work")))
                .toAbsolutePath();
        Path output = Path.of(a.get("output", quick ? "loadtest/target/bench/benchmarks-quick.md"
                : "docs/benchmarks.md"));
        String template = Files.readString(Path.of(a.get("template", "loadtest/bench/benchmarks-template.md")));
        Path extraFile = Path.of(a.get("extra", "docs/benchmarks-extra.md"));
        String extra = Files.exists(extraFile) ? Files.readString(extraFile)
                : "(" + extraFile + " is missing: no other measurements)\n";
        String sutCpus = a.get("sut-cpus", "0");
        String mockCpus = a.get("mock-cpus", "1");
        URI mockUrl = URI.create("http://127.0.0.1:" + basePort);
        SutEnvironment env = new SutEnvironment(work, sutCpus, mockUrl, a.get("nginx", "nginx"),
                a.get("haproxy", "haproxy"), Path.of(a.get("portkey-dir", System.getProperty("user.home")
                + "/.cache/heimdall-bench/portkey")).toAbsolutePath(),
                Path.of(a.get("heimdall-jar", "node/target/heimdall.jar")).toAbsolutePath(),
                words(a.get("heimdall-jvm", "-XX:+UseParallelGC -Xms256m -Xmx512m")),
                Path.of(a.get("heimdall-config", "loadtest/bench/heimdall-plain.yaml")).toAbsolutePath(),
                Path.of(a.get("heimdall-governed-config", "loadtest/bench/heimdall-governed.yaml")).toAbsolutePath(),
                a.get("client-key", "hk-bench-client-00000000000000000001"));
        Runtime.getRuntime().addShutdownHook(new Thread(this::stopAll));
        String loadAtStart = loadAverage();
        Optional<JmhRunner.Outcome> jmh = plan.scenarios().contains(Scenario.JMH)
                ? Optional.of(new JmhRunner(Path.of("").toAbsolutePath(), sutCpus, work, System.out::println)
                .run(quick))
                : Optional.empty();
        boolean load = plan.scenarios().stream().anyMatch(s -> s != Scenario.JMH);
        Vertx vertx = Vertx.vertx();
        try {
            if (load) {
                startMock(a, env, mockCpus, work);
            }
            List<SystemUnderTest> systems = new ArrayList<>();
            List<String> described = new ArrayList<>();
            List<String> skipped = new ArrayList<>();
            for (String name : load ? plan.systems() : List.<String>of()) {
                System.out.println("starting " + name);
                try {
                    SystemUnderTest s = SystemKind.of(name).start(env, basePort);
                    started.add(s);
                    systems.add(s);
                    described.add("**" + s.name() + "**: " + s.description() + s.process()
                            .map(t -> " (CPUs allowed: " + t.allowedCpus() + ")").orElse(""));
                } catch (RuntimeException e) {
                    System.out.println("could not start " + name + ": " + e.getMessage());
                    List<String> lines = e.getMessage().lines().map(String::trim).filter(l -> !l.isEmpty()).toList();
                    skipped.add(name + ": " + lines.get(0) + (lines.size() > 1 ? " … " + lines.get(lines.size() - 1)
                            : ""));
                }
            }
            BenchSuite suite = new BenchSuite(vertx, plan, mockUrl, env.clientKey(), clockTicks(),
                    System.out::println);
            BenchSuite.Outcome outcome = suite.run(systems);
            String pinning = pinning(sutCpus, mockCpus);
            String command = a.get("command", "heimdall-loadtest bench");
            String loadAverages = "Load average (1, 5, 15 min) when the run started: " + loadAtStart
                    + "; when it ended: " + loadAverage() + ". Above about 0.5 (what the suite itself adds aside), "
                    + "other work competed for the CPUs and the latency figures are disturbed; CPU per request much "
                    + "less so.\n";
            String date = ZonedDateTime.now().format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm z", Locale.ROOT));
            BenchDocument doc = new BenchDocument(Machine.read(), plan, outcome, jmh, described, skipped, pinning,
                    loadAverages, command, date, extra);
            if (output.getParent() != null) {
                Files.createDirectories(output.getParent());
            }
            Files.writeString(output, doc.render(template), StandardCharsets.UTF_8);
            System.out.println("report written to " + output);
            return 0;
        } finally {
            stopAll();
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }

    private void startMock(Args a, SutEnvironment env, String cpus, Path work) {
        List<String> command = new ArrayList<>(List.of("java"));
        command.addAll(words(a.get("mock-jvm", "-XX:+UseParallelGC -Xms256m -Xmx1g")));
        command.addAll(List.of("-jar", a.get("loadtest-jar", "loadtest/target/heimdall-loadtest.jar"), "mock",
                "--port", Integer.toString(env.mockPort()), "--no-record"));
        PinnedProcess mock = PinnedProcess.start("mock provider", command, cpus, work.resolve("mock.log"),
                Map.of());
        started.add(mock);
        mock.awaitReady(env.mock().resolve("/_mock/health"), Duration.ofSeconds(30));
        System.out.println("mock provider ready at " + env.mock() + " (CPUs allowed: "
                + ProcessTree.of(mock.pid()).allowedCpus() + ")");
    }

    private static String pinning(String sutCpus, String mockCpus) {
        String self = ProcessTree.of(ProcessHandle.current().pid()).allowedCpus();
        if (sutCpus.isBlank()) {
            return "Processes were **not pinned** (the systems under test, the generator and the mock share every "
                    + "CPU).\n";
        }
        return "Pinned with `taskset`: each system under test on CPU " + sutCpus + "; the mock provider on CPU "
                + mockCpus + "; the load generator (this suite's JVM) on CPUs " + self + " (as the kernel reports "
                + "them). The system under test has its core to itself; the generator and the mock share the "
                + "other, so a saturation figure near direct's is the generator's limit, not the system's (see the "
                + "SUT busy column and the CPU per request).\n";
    }

    private static BenchPlan plan(Args a, BenchPlan base) {
        List<String> systems = list(a, "systems", base.systems());
        Set<Scenario> scenarios = a.get("scenarios", null) == null ? base.scenarios()
                : list(a, "scenarios", List.of()).stream().map(Scenario::of)
                .collect(Collectors.toCollection(LinkedHashSet::new));
        List<String> soakSystems = list(a, "soak-systems", base.soakSystems()).stream()
                .filter(systems::contains).toList();
        return new BenchPlan(systems, scenarios, (int) a.getLong("runs", base.runs()),
                seconds(a, "warmup", base.warmup()),
                list(a, "rates", base.rates().stream().map(String::valueOf).toList()).stream()
                        .map(Integer::parseInt).toList(),
                a.getLong("upstream-latency-ms", base.upstreamLatencyMs()),
                seconds(a, "duration", base.latencyDuration()),
                (int) a.getLong("connections", base.latencyConnections()),
                seconds(a, "saturation-duration", base.saturationDuration()),
                (int) a.getLong("saturation-connections", base.saturationConnections()),
                (int) a.getLong("streams", base.streams()),
                seconds(a, "streaming-duration", base.streamingDuration()),
                a.getLong("ttft-ms", base.ttftMs()), a.getLong("inter-token-ms", base.interTokenMs()),
                (int) a.getLong("stream-tokens", base.streamTokens()),
                seconds(a, "soak-duration", base.soakDuration()), a.getDouble("soak-rate", base.soakRate()),
                seconds(a, "soak-sample", base.soakSample()), soakSystems, base.quick());
    }

    private static Duration seconds(Args a, String name, Duration fallback) {
        return Duration.ofMillis((long) (a.getDouble(name, fallback.toMillis() / 1000.0) * 1000));
    }

    private static List<String> list(Args a, String name, List<String> fallback) {
        String v = a.get(name, null);
        return v == null ? fallback : Arrays.stream(v.split(",")).map(String::trim).filter(s -> !s.isEmpty())
                .toList();
    }

    private static List<String> words(String s) {
        return Arrays.stream(s.trim().split("\\s+")).filter(w -> !w.isEmpty()).toList();
    }

    private static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return f[0] + ", " + f[1] + ", " + f[2];
        } catch (IOException | ArrayIndexOutOfBoundsException e) {
            return "unknown";
        }
    }

    /** The kernel's clock ticks per second, the unit of /proc/<pid>/stat CPU times. */
    private static long clockTicks() {
        try {
            Process p = new ProcessBuilder("getconf", "CLK_TCK").start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim();
            p.waitFor(5, TimeUnit.SECONDS);
            return Long.parseLong(out);
        } catch (IOException | NumberFormatException e) {
            return 100;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 100;
        }
    }

    private void stopAll() {
        for (int i = started.size() - 1; i >= 0; i--) {
            try {
                started.get(i).close();
            } catch (Exception e) {
                System.err.println("stopping a process failed: " + e);
            }
        }
        started.clear();
    }
}
