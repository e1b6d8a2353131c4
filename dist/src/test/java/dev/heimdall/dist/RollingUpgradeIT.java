package dev.heimdall.dist;

import dev.heimdall.loadtest.mock.MockConfig;
import dev.heimdall.loadtest.mock.MockProvider;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * deploy/baremetal/rolling-upgrade.sh over two nodes installed in scratch roots on loopback. "ssh" runs the command
 * here, "scp" copies, and the service is a node process started and stopped by two small scripts instead of
 * systemctl; the drain, the readiness waits and the order of the steps are the script's own. The nodes are started
 * once for the class, and every test leaves both running.
 */
class RollingUpgradeIT {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

    @TempDir
    static Path work;

    private static Vertx vertx;
    private static MockProvider mock;
    private static final List<Integer> ports = new ArrayList<>();

    @BeforeAll
    static void installAndStartTwoNodes() throws Exception {
        vertx = Vertx.vertx();
        mock = MockProvider.start(vertx, MockConfig.defaults().port(0)).toCompletionStage().toCompletableFuture()
                .get(30, TimeUnit.SECONDS);
        script("ssh", """
                # HOST COMMAND: runs COMMAND here
                exec sh -c "$2"
                """);
        script("copy", """
                # FILE... HOST:DIR: copies the files into DIR here
                for last; do :; done
                while [ $# -gt 1 ]; do cp "$1" "${last#*:}"; shift; done
                """);
        script("start-node", """
                root=%1$s/node-$1
                # C1 only: a node that lives for seconds starts faster without C2
                HEIMDALL_CONFIG=$root/etc/heimdall/heimdall.yaml HEIMDALL_HEAP=96m JAVA_OPTS=-XX:TieredStopAtLevel=1 \\
                  nohup "$root/opt/heimdall/current/bin/heimdall" > "$root/node.log" 2>&1 &
                echo $! > "$root/node.pid"
                """.formatted(work));
        script("stop-node", """
                pid=$(cat %1$s/node-$1/node.pid)
                kill "$pid"
                while kill -0 "$pid" 2>/dev/null; do sleep 0.1; done
                """.formatted(work));
        for (int i = 0; i < 2; i++) {
            int port = freePort();
            ports.add(port);
            ScratchInstall node = new ScratchInstall(Files.createDirectory(work.resolve("node-" + port)));
            assertThat(node.install().exit()).isZero();
            Files.writeString(node.path("/etc/heimdall/heimdall.yaml"), """
                    server: { host: 127.0.0.1, port: %d, event-loops: 1 }
                    storage: { url: "jdbc:sqlite:%s" }
                    providers:
                      openai: { type: openai, base-url: "http://127.0.0.1:%d/openai", keys: [ { name: k, value: sk-x } ] }
                    """.formatted(port, node.path("/var/lib/heimdall/heimdall.db"), mock.port()));
            startNode(port);
        }
        for (int port : ports) {
            awaitReady(port);
        }
    }

    @AfterAll
    static void stopEverything() throws Exception {
        for (int port : ports) {
            run("sh", work.resolve("stop-node").toString(), Integer.toString(port));
        }
        vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    @Test
    void upgradesOneNodeAtATimeAndWaitsForEachToBeReadyAgain() throws Exception {
        List<String> pidsBefore = pids();
        Path marker = Files.writeString(work.resolve("node-" + ports.get(0)
                + "/opt/heimdall/current/replaced-by-the-upgrade"), "old");
        ReadinessWatch watch = new ReadinessWatch();
        Command.Result roll;
        try {
            roll = rollingUpgrade("sh " + work.resolve("start-node") + " {port}", 60);
        } finally {
            watch.stop();
        }

        assertThat(roll.exit()).as(roll.output()).isZero();
        for (int port : ports) {
            String host = "127.0.0.1:" + port;
            assertThat(roll.output()).containsSubsequence(host + ": upgrading",
                    "warning: " + host + " has no drain endpoint", host + ": stopping", host + ": installing",
                    host + ": starting", host + ": ready on heimdall-");
        }
        assertThat(roll.output()).containsSubsequence("127.0.0.1:" + ports.get(0) + ": ready",
                "127.0.0.1:" + ports.get(1) + ": upgrading").contains("all 2 hosts run heimdall-");
        assertThat(marker).as("the release was replaced").doesNotExist();
        assertThat(pids()).as("both nodes restarted").doesNotContainAnyElementsOf(pidsBefore);
        for (int port : ports) {
            assertThat(readiness(port)).isEqualTo(200);
        }
        assertThat(watch.samples.get()).isPositive();
        assertThat(watch.neitherReady.get()).as("samples with no node ready").isZero();
    }

    @Test
    void stopsAtANodeThatDoesNotComeBackAndLeavesTheRestAlone() throws Exception {
        List<String> pidsBefore = pids();

        Command.Result roll;
        try {
            roll = rollingUpgrade("true", 3);
        } finally {
            startNode(ports.get(0));
        }

        assertThat(roll.exit()).isNotZero();
        assertThat(roll.output()).contains("127.0.0.1:" + ports.get(0) + " not ready 3s after its start")
                .doesNotContain("127.0.0.1:" + ports.get(1) + ": upgrading");
        assertThat(pids().get(1)).isEqualTo(pidsBefore.get(1));
        assertThat(readiness(ports.get(1))).isEqualTo(200);
        awaitReady(ports.get(0));
    }

    /** Starts the node of {@code port} unless it runs. */
    private static void startNode(int port) throws Exception {
        if (readiness(port) == 0) {
            assertThat(run("sh", work.resolve("start-node").toString(), Integer.toString(port)).exit()).isZero();
        }
    }

    private static Command.Result rollingUpgrade(String startCommand, int readyTimeout) throws Exception {
        Path remote = Files.createDirectories(work.resolve("remote"));
        return run("sh", Repository.deploy("baremetal/rolling-upgrade.sh").toString(),
                "--bundle", Repository.bundle().toString(),
                "--ssh", "sh " + work.resolve("ssh"), "--copy", "sh " + work.resolve("copy"),
                "--remote-dir", remote.toString(), "--sudo", "",
                "--stop", "sh " + work.resolve("stop-node") + " {port}", "--start", startCommand,
                "--install-options", "--root " + work.resolve("node-{port}") + " --no-user",
                "--ready-timeout", Integer.toString(readyTimeout),
                "127.0.0.1:" + ports.get(0), "127.0.0.1:" + ports.get(1));
    }

    private static List<String> pids() throws IOException {
        List<String> pids = new ArrayList<>();
        for (int port : ports) {
            pids.add(Files.readString(work.resolve("node-" + port + "/node.pid")).strip());
        }
        return pids;
    }

    private static void script(String name, String body) throws IOException {
        Files.writeString(work.resolve(name), "#!/bin/sh\n" + body);
    }

    private static Command.Result run(String... argv) throws Exception {
        return Command.of(argv).run();
    }

    private static int readiness(int port) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health/ready"))
                    .timeout(Duration.ofSeconds(1)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        }
    }

    private static void awaitReady(int port) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (readiness(port) != 200) {
            assertThat(System.nanoTime()).as("node on " + port + " ready").isLessThan(deadline);
            Thread.sleep(100);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** Samples both nodes' readiness every 50 ms: a rolling upgrade must never leave none ready. */
    private static final class ReadinessWatch {
        final AtomicInteger samples = new AtomicInteger();
        final AtomicInteger neitherReady = new AtomicInteger();
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final Thread thread = new Thread(this::sample, "readiness-watch");

        ReadinessWatch() {
            thread.setDaemon(true);
            thread.start();
        }

        private void sample() {
            while (running.get()) {
                boolean anyReady = ports.stream().anyMatch(port -> readiness(port) == 200);
                samples.incrementAndGet();
                if (!anyReady) {
                    neitherReady.incrementAndGet();
                }
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }

        void stop() throws InterruptedException {
            running.set(false);
            thread.join(5_000);
        }
    }
}
