package dev.heimdall.loadtest;

import dev.heimdall.loadtest.bench.OverheadScenario;
import dev.heimdall.loadtest.load.LoadConfig;
import dev.heimdall.loadtest.load.LoadGenerator;
import dev.heimdall.loadtest.load.LoadResult;
import dev.heimdall.loadtest.mock.MockConfig;
import dev.heimdall.loadtest.mock.MockProvider;
import io.vertx.core.Vertx;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Command line: {@code mock}, {@code load}, {@code overhead} and {@code bench}. Run without arguments for usage.
 */
public final class LoadtestMain {
    private static final String USAGE = """
            usage:
              mock     [--port 9090] [--host 127.0.0.1] [--latency-ms N] [--ttft-ms N] [--inter-token-ms N]
                       [--stream-chunk-words N] [--moderation-word WORD] [--no-record]
              load     --url URL [--rate 100] [--duration 10] [--warmup 0] [--max-requests N] [--connections 64]
                       [--method POST] [--body-file FILE] [--header 'name: value']... [--api-key KEY]
                       [--timeout-ms 10000]
              bench    [--quick] [--systems direct,nginx,portkey,heimdall,heimdall-governed,haproxy]
                       [--scenarios latency,saturation,streaming,soak] [--runs N] [--warmup S] [--rates 1000,5000]
                       [--duration S] [--connections N] [--saturation-duration S] [--saturation-connections N]
                       [--streams N] [--streaming-duration S] [--ttft-ms N] [--inter-token-ms N] [--stream-tokens N]
                       [--soak-duration S] [--soak-rate R] [--soak-sample S] [--soak-systems a,b]
                       [--base-port 19080] [--sut-cpus 0] [--mock-cpus 1] [--output FILE] [--work-dir DIR] ...
                       (see loadtest/README.md; loadtest/bench.sh installs the tools and runs this)
              overhead [--direct-url URL] [--gateway-url URL] [--direct-model M] [--gateway-model M] [--rate 1000]
                       [--duration 30] [--warmup 10] [--connections 64] [--api-key sk-test] [--rounds 2]
                       [--markdown FILE]
            durations are in seconds""";

    private LoadtestMain() {
    }

    public static void main(String[] args) throws Exception {
        quietLogging();
        if (args.length == 0 || args[0].equals("--help") || args[0].equals("help")) {
            System.out.println(USAGE);
            return;
        }
        try {
            switch (args[0]) {
                case "mock" -> mock(args);
                case "load" -> System.exit(load(args));
                case "overhead" -> System.exit(overhead(args));
                case "bench" -> System.exit(BenchCommand.run(args));
                default -> throw new IllegalArgumentException("unknown command '" + args[0] + "'");
            }
        } catch (IllegalArgumentException e) {
            System.err.println("error: " + e.getMessage());
            System.err.println(USAGE);
            System.exit(2);
        }
    }

    /** Netty and Vert.x log at debug by default; the tool's output is its own lines and warnings. */
    private static void quietLogging() {
        if (LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME) instanceof ch.qos.logback.classic.Logger root
                && System.getProperty("logback.configurationFile") == null) {
            root.setLevel(ch.qos.logback.classic.Level.WARN);
        }
    }

    private static void mock(String[] args) throws Exception {
        Args a = new Args(args, 1, Set.of("port", "host", "latency-ms", "ttft-ms", "inter-token-ms",
                "stream-chunk-words", "moderation-word"), Set.of("no-record"));
        MockConfig config = MockConfig.defaults()
                .port((int) a.getLong("port", 9090))
                .host(a.get("host", "127.0.0.1"))
                .latencyMs(a.getLong("latency-ms", 0))
                .ttftMs(a.getLong("ttft-ms", 0))
                .interTokenMs(a.getLong("inter-token-ms", 0))
                .streamChunkWords((int) a.getLong("stream-chunk-words", 1))
                .moderationFlagWord(a.get("moderation-word", MockConfig.defaults().moderationFlagWord()))
                .recordRequests(!a.flag("no-record"));
        Vertx vertx = Vertx.vertx();
        MockProvider mock = MockProvider.start(vertx, config).toCompletionStage().toCompletableFuture()
                .get(30, TimeUnit.SECONDS);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                mock.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
                vertx.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
            } catch (Exception ignored) {
                // exiting anyway
            }
        }));
        System.out.println("mock provider listening on " + mock.baseUrl());
        System.out.flush();
    }

    private static int load(String[] args) throws Exception {
        Args a = new Args(args, 1, Set.of("url", "rate", "duration", "warmup", "max-requests", "connections",
                "method", "body-file", "header", "api-key", "timeout-ms"), Set.of());
        String url = a.get("url", null);
        if (url == null) {
            throw new IllegalArgumentException("--url is required");
        }
        Map<String, String> headers = new LinkedHashMap<>();
        String bodyFile = a.get("body-file", null);
        byte[] body = bodyFile == null ? new byte[0] : Files.readAllBytes(Path.of(bodyFile));
        if (body.length > 0) {
            headers.put("content-type", "application/json");
        }
        String key = a.get("api-key", null);
        if (key != null) {
            headers.put("authorization", "Bearer " + key);
        }
        for (String h : a.all("header")) {
            int colon = h.indexOf(':');
            if (colon <= 0) {
                throw new IllegalArgumentException("--header expects 'name: value', got '" + h + "'");
            }
            headers.put(h.substring(0, colon).trim(), h.substring(colon + 1).trim());
        }
        LoadConfig config = new LoadConfig(URI.create(url), a.get("method", body.length > 0 ? "POST" : "GET"), body,
                headers, a.getDouble("rate", 100), Duration.ofMillis((long) (a.getDouble("duration", 10) * 1000)),
                Duration.ofMillis((long) (a.getDouble("warmup", 0) * 1000)), a.getLong("max-requests",
                Long.MAX_VALUE), (int) a.getLong("connections", 64),
                Duration.ofMillis(a.getLong("timeout-ms", 10_000)));
        Vertx vertx = Vertx.vertx();
        try {
            long bound = (long) ((config.duration().toMillis() + config.warmup().toMillis()) * 1.5)
                    + config.timeout().toMillis() + 10_000;
            LoadResult r = LoadGenerator.run(vertx, config).toCompletionStage().toCompletableFuture()
                    .get(bound, TimeUnit.MILLISECONDS);
            System.out.println(r.summary());
            return 0;
        } finally {
            vertx.close();
        }
    }

    private static int overhead(String[] args) throws Exception {
        Args a = new Args(args, 1, Set.of("direct-url", "gateway-url", "direct-model", "gateway-model", "rate",
                "duration", "warmup", "connections", "api-key", "rounds", "markdown"), Set.of());
        OverheadScenario.Options d = OverheadScenario.Options.defaults();
        OverheadScenario.Options o = new OverheadScenario.Options(
                URI.create(a.get("direct-url", d.directUrl().toString())),
                URI.create(a.get("gateway-url", d.gatewayUrl().toString())),
                a.get("direct-model", d.directModel()), a.get("gateway-model", d.gatewayModel()),
                a.getDouble("rate", d.rate()), Duration.ofMillis((long) (a.getDouble("duration", 30) * 1000)),
                Duration.ofMillis((long) (a.getDouble("warmup", 10) * 1000)),
                (int) a.getLong("connections", d.connections()), a.get("api-key", d.apiKey()),
                (int) a.getLong("rounds", d.rounds()));
        Vertx vertx = Vertx.vertx();
        try {
            long perRun = o.duration().toMillis() + o.warmup().toMillis() + 20_000;
            long bound = perRun * 2 * (o.rounds() + 1);
            OverheadScenario.Report report = OverheadScenario.run(vertx, o, System.out::println)
                    .toCompletionStage().toCompletableFuture().get(bound, TimeUnit.MILLISECONDS);
            System.out.println();
            System.out.print(report.text());
            String md = a.get("markdown", null);
            if (md != null) {
                Path path = Path.of(md);
                if (path.getParent() != null) {
                    Files.createDirectories(path.getParent());
                }
                Files.writeString(path, "# Gateway overhead\n\n" + report.markdown(), StandardCharsets.UTF_8);
                System.out.println("markdown written to " + path);
            }
            return report.gateway().errors() + report.direct().errors() > 0 ? 1 : 0;
        } finally {
            vertx.close();
        }
    }
}
