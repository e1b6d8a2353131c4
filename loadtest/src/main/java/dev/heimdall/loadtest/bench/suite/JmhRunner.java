package dev.heimdall.loadtest.bench.suite;

import dev.heimdall.loadtest.bench.report.JmhResult;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Runs the JMH benchmarks kept beside the code ({@code <module>/src/test/java/**}{@code /bench/*Benchmark.java}) with
 * the GC profiler, pinned like a system under test. A module's test classpath must have been written to
 * {@code <module>/target/bench.classpath} (loadtest/bench.sh does it with {@code dependency:build-classpath}).
 */
public final class JmhRunner {
    /** Short iterations for quick mode; the benchmarks' own annotations rule otherwise. */
    private static final List<String> QUICK = List.of("-wi", "1", "-w", "1s", "-i", "1", "-r", "1s", "-f", "1");

    private final Path root;
    private final String cpus;
    private final Path workDir;
    private final Consumer<String> log;

    public JmhRunner(Path root, String cpus, Path workDir, Consumer<String> log) {
        this.root = root;
        this.cpus = cpus;
        this.workDir = workDir;
        this.log = log;
    }

    /** A benchmark class and the module it lives in. */
    record Benchmark(Path module, String className) {
    }

    /** Every benchmark class of the project, by module. */
    List<Benchmark> discover() {
        List<Benchmark> out = new ArrayList<>();
        try (Stream<Path> modules = Files.list(root)) {
            for (Path module : modules.filter(m -> Files.isDirectory(m.resolve("src/test/java"))).sorted().toList()) {
                Path tests = module.resolve("src/test/java");
                try (Stream<Path> files = Files.walk(tests)) {
                    files.filter(f -> f.getFileName().toString().endsWith("Benchmark.java")
                                    && f.getParent().getFileName().toString().equals("bench"))
                            .sorted()
                            .forEach(f -> out.add(new Benchmark(module, className(tests.relativize(f)))));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    static String className(Path relative) {
        String s = relative.toString().replace('/', '.').replace('\\', '.');
        return s.substring(0, s.length() - ".java".length());
    }

    /** Runs every benchmark; one that cannot run is logged and left out. */
    public Outcome run(boolean quick) {
        List<JmhResult> results = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (Benchmark b : discover()) {
            Path classpath = b.module().resolve("target/bench.classpath");
            if (!Files.exists(classpath)) {
                problems.add(b.className() + ": " + classpath + " is missing (loadtest/bench.sh writes it)");
                continue;
            }
            try {
                results.addAll(runOne(b, Files.readString(classpath).trim(), quick));
            } catch (IOException | IllegalStateException e) {
                problems.add(b.className() + ": " + e.getMessage());
            }
        }
        problems.forEach(p -> log.accept("jmh: " + p));
        return new Outcome(results, problems);
    }

    /** The benchmarks' results, and why any could not run. */
    public record Outcome(List<JmhResult> results, List<String> problems) {
    }

    private List<JmhResult> runOne(Benchmark b, String dependencies, boolean quick) throws IOException {
        Path out = Files.createDirectories(workDir.resolve("jmh"));
        Path json = out.resolve(b.className() + ".json");
        Path logFile = out.resolve(b.className() + ".log");
        Files.deleteIfExists(json);
        String classpath = String.join(File.pathSeparator, dependencies,
                b.module().resolve("target/test-classes").toString(), b.module().resolve("target/classes").toString());
        List<String> command = new ArrayList<>();
        if (cpus != null && !cpus.isBlank()) {
            command.addAll(List.of("taskset", "-c", cpus));
        }
        command.addAll(List.of("java", "-cp", classpath, "org.openjdk.jmh.Main", b.className() + ".*", "-prof", "gc",
                "-rf", "json", "-rff", json.toString()));
        if (quick) {
            command.addAll(QUICK);
        }
        log.accept("jmh: running " + b.className() + (quick ? " (quick: one 1 s iteration)" : ""));
        Process p = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(logFile.toFile()).start();
        try {
            if (!p.waitFor(20, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                throw new IllegalStateException("did not finish within 20 minutes; log " + logFile);
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
        if (p.exitValue() != 0 || !Files.exists(json)) {
            List<String> lines = Files.readAllLines(logFile);
            throw new IllegalStateException("JMH exited with " + p.exitValue() + ": "
                    + lines.stream().filter(l -> l.contains("ERROR")).findFirst()
                    .orElse(lines.isEmpty() ? "" : lines.get(lines.size() - 1)));
        }
        return JmhResult.parse(Files.readString(json));
    }
}
