package dev.heimdall.dist;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A node started from an installed bin/heimdall as a child process, the way systemd would start it. */
final class NodeProcess implements AutoCloseable {

    private static final Pattern LISTENING = Pattern.compile("Heimdall listening on http://[^:]+:(\\d+)");
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final Process process;
    private final StringBuffer output = new StringBuffer();
    private final CompletableFuture<Integer> port = new CompletableFuture<>();

    private NodeProcess(Process process) {
        this.process = process;
        Thread reader = new Thread(this::readOutput, "node-output-" + process.pid());
        reader.setDaemon(true);
        reader.start();
    }

    /** Starts {@code startScript} with {@code environment} added to this JVM's and waits until it listens. */
    static NodeProcess start(Path startScript, Map<String, String> environment, List<String> args) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(concat(startScript.toString(), args)).redirectErrorStream(true);
        builder.environment().putAll(environment);
        NodeProcess node = new NodeProcess(builder.start());
        try {
            node.port.get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            node.close();
            throw new IllegalStateException("the node did not start:\n" + node.output(), e);
        }
        return node;
    }

    private static List<String> concat(String first, List<String> rest) {
        return java.util.stream.Stream.concat(java.util.stream.Stream.of(first), rest.stream()).toList();
    }

    private void readOutput() {
        try (BufferedReader reader = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                output.append(line).append('\n');
                Matcher matcher = LISTENING.matcher(line);
                if (matcher.find()) {
                    port.complete(Integer.parseInt(matcher.group(1)));
                }
            }
        } catch (IOException e) {
            port.completeExceptionally(e);
        }
        port.completeExceptionally(new IllegalStateException("the node's output ended"));
    }

    int port() {
        return port.join();
    }

    long pid() {
        return process.pid();
    }

    String output() {
        return output.toString();
    }

    HttpResponse<String> get(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port() + path))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The virtual key test configurations declare, which {@link #postJson} sends. */
    static final String CLIENT_KEY = "hk-dist-test-000000000000000000000001";

    HttpResponse<String> postJson(String path, String body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port() + path))
                .timeout(Duration.ofSeconds(10)).header("content-type", "application/json")
                .header("authorization", "Bearer " + CLIENT_KEY)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** SIGTERM, as systemd and the kubelet stop a node; the exit status. */
    int stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("the node ignored SIGTERM for 60 s:\n" + output());
        }
        return process.exitValue();
    }

    @Override
    public void close() throws Exception {
        if (process.isAlive()) {
            stop();
        }
    }
}
