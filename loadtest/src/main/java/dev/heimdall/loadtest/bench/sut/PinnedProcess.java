package dev.heimdall.loadtest.bench.sut;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A child process started under {@code taskset -c <cpus>} (when cpus are given) with its output in a log file.
 * {@code taskset} execs the command, so the child's pid is the command's own.
 */
public final class PinnedProcess implements AutoCloseable {
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();

    private final String name;
    private final Process process;
    private final Path log;

    private PinnedProcess(String name, Process process, Path log) {
        this.name = name;
        this.process = process;
        this.log = log;
    }

    /** Starts {@code command} pinned to {@code cpus} (null or blank: not pinned). */
    public static PinnedProcess start(String name, List<String> command, String cpus, Path log,
                                      Map<String, String> env) {
        List<String> full = new ArrayList<>();
        if (cpus != null && !cpus.isBlank()) {
            full.addAll(List.of("taskset", "-c", cpus));
        }
        full.addAll(command);
        ProcessBuilder pb = new ProcessBuilder(full).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        pb.environment().putAll(env);
        try {
            return new PinnedProcess(name, pb.start(), log);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name + ": " + String.join(" ", full), e);
        }
    }

    public long pid() {
        return process.pid();
    }

    public Path log() {
        return log;
    }

    /** Polls {@code url} until it answers 2xx; fails early, with the log's tail, if the process exits. */
    public void awaitReady(URI url, Duration within) {
        long deadline = System.nanoTime() + within.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with " + process.exitValue() + " before it was "
                        + "ready; its log " + log + " ends:\n" + tail());
            }
            if (answers(url)) {
                return;
            }
            sleep(100);
        }
        throw new IllegalStateException(name + " not ready at " + url + " within " + within.toSeconds()
                + " s; its log " + log + " ends:\n" + tail());
    }

    /** Whether {@code url} answers 2xx now. */
    public static boolean answers(URI url) {
        try {
            HttpResponse<Void> r = HTTP.send(HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(2)).build(),
                    HttpResponse.BodyHandlers.discarding());
            return r.statusCode() / 100 == 2;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** SIGTERM, then SIGKILL after five seconds; descendants (nginx's workers) get the same. */
    @Override
    public void close() {
        List<ProcessHandle> descendants = process.descendants().toList();
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        descendants.forEach(ProcessHandle::destroyForcibly);
    }

    private String tail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
        } catch (IOException e) {
            return "(unreadable: " + e.getMessage() + ")";
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
