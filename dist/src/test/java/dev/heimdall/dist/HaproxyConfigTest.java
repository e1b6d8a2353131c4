package dev.heimdall.dist;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * deploy/haproxy/haproxy.cfg: valid for HAProxy, and, run on loopback in front of two stand-in nodes, it takes a node
 * out of rotation when its /health/ready answers 503 and back when it answers 200 again.
 */
class HaproxyConfigTest {

    private static final Path CONFIG = Repository.deploy("haproxy/haproxy.cfg");

    @TempDir
    Path dir;

    private final List<StandInNode> nodes = new ArrayList<>();
    private Process haproxy;

    @BeforeEach
    void needsHaproxy() {
        assumeTrue(Command.available("haproxy"),
                "haproxy is not installed (apt-get install haproxy): deploy/haproxy/haproxy.cfg is not checked");
    }

    @AfterEach
    void stop() throws Exception {
        if (haproxy != null) {
            haproxy.destroy();
            haproxy.waitFor(10, TimeUnit.SECONDS);
        }
        nodes.forEach(StandInNode::stop);
    }

    @Test
    void haproxyAcceptsTheConfiguration() throws Exception {
        Command.Result check = Command.of("haproxy", "-c", "-f", CONFIG.toString()).run();

        assertThat(check.exit()).as(check.output()).isZero();
        assertThat(check.output()).contains("Configuration file is valid").doesNotContain("WARNING");
    }

    @Test
    void aNodeThatIsNotReadyLeavesRotationAndComesBackWhenReady() throws Exception {
        StandInNode a = new StandInNode("node-a");
        StandInNode b = new StandInNode("node-b");
        nodes.addAll(List.of(a, b));
        int port = freePort();
        haproxy = startHaproxy(port);

        awaitAnswersFrom(port, "node-a", "node-b");

        a.ready.set(false);
        awaitOnlyAnswersFrom(port, "node-b");

        a.ready.set(true);
        awaitAnswersFrom(port, "node-a", "node-b");
    }

    /** The shipped file with its frontend and servers moved to loopback, and a global section for a test. */
    private Process startHaproxy(int port) throws IOException {
        List<String> lines = new ArrayList<>();
        String section = "";
        for (String line : Files.readAllLines(CONFIG)) {
            String trimmed = line.strip();
            if (!line.startsWith(" ") && !trimmed.isEmpty()) {
                section = trimmed;
            }
            // no privileges to drop, no syslog, and this sandbox's descriptor limit below what maxconn needs
            if (section.equals("global") && trimmed.matches("(chroot|user|group|log|maxconn) .*")) {
                continue;
            }
            if (section.equals("frontend heimdall") && trimmed.startsWith("bind ")) {
                line = "    bind 127.0.0.1:" + port;
            } else if (section.equals("listen stats") && trimmed.startsWith("bind ")) {
                line = "    bind 127.0.0.1:" + freePort();
            } else if (section.equals("backend heimdall_nodes") && trimmed.startsWith("server ")) {
                continue;
            }
            lines.add(line);
            if (trimmed.startsWith("default-server ")) {
                nodes.forEach(n -> lines.add("    server " + n.name + " 127.0.0.1:" + n.port()));
            }
        }
        assertThat(lines).as("servers placed after default-server").anyMatch(l -> l.contains("server node-a"));
        Path config = dir.resolve("haproxy.cfg");
        Files.write(config, lines);
        return new ProcessBuilder("haproxy", "-db", "-f", config.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("haproxy.log").toFile()).start();
    }

    private void awaitAnswersFrom(int port, String... names) throws Exception {
        List<String> missing = new ArrayList<>(List.of(names));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        String last = null;
        while (!missing.isEmpty()) {
            assertThat(System.nanoTime()).as("answers from %s through HAProxy; the last was %s; HAProxy said: %s",
                    missing, last, haproxyLog()).isLessThan(deadline);
            last = request(port);
            missing.remove(last);
        }
    }

    /** Polls until 20 requests in a row reach {@code name}: after the failed checks, nothing goes elsewhere. */
    private void awaitOnlyAnswersFrom(int port, String name) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        int inARow = 0;
        String last = null;
        while (inARow < 20) {
            assertThat(System.nanoTime()).as("only %s in rotation; the last answer was %s; HAProxy said: %s",
                    name, last, haproxyLog()).isLessThan(deadline);
            last = request(port);
            inARow = name.equals(last) ? inARow + 1 : 0;
        }
    }

    private String haproxyLog() throws IOException {
        return Files.readString(dir.resolve("haproxy.log"));
    }

    /** One request on its own connection (a kept-alive connection would stay on its node): who answered. */
    private static String request(int port) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(5_000);
            OutputStream out = socket.getOutputStream();
            out.write("GET /v1/models HTTP/1.1\r\nHost: heimdall\r\nConnection: close\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            String response = new String(in.readAllBytes(), StandardCharsets.US_ASCII);
            return response.substring(response.indexOf("\r\n\r\n") + 4);
        } catch (IOException e) {
            return "no answer: " + e.getMessage();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** Answers /health/ready with 200 or 503, and anything else with its name. */
    private static final class StandInNode {
        final String name;
        final AtomicBoolean ready = new AtomicBoolean(true);
        private final HttpServer server;

        StandInNode(String name) throws IOException {
            this.name = name;
            this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext("/", exchange -> {
                boolean health = exchange.getRequestURI().getPath().equals("/health/ready");
                int status = health && !ready.get() ? 503 : 200;
                byte[] body = (health ? "{}" : name).getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(status, body.length);
                exchange.getResponseBody().write(body);
                exchange.close();
            });
            server.start();
        }

        int port() {
            return server.getAddress().getPort();
        }

        void stop() {
            server.stop(0);
        }
    }
}
