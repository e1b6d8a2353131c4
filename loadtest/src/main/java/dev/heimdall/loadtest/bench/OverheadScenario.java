package dev.heimdall.loadtest.bench;

import dev.heimdall.loadtest.load.LoadConfig;
import dev.heimdall.loadtest.load.LoadGenerator;
import dev.heimdall.loadtest.load.LoadResult;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import org.HdrHistogram.Histogram;

/**
 * Gateway overhead, measured from outside: the same open-loop load direct to the mock (A) and through the gateway
 * (B), alternating A B A B for a number of rounds, with the histograms of each side merged. The overhead per
 * percentile is (gateway − direct).
 */
public final class OverheadScenario {

    /**
     * @param directUrl    the mock's chat completions URL
     * @param gatewayUrl   the gateway's chat completions URL
     * @param directModel  the model name sent direct
     * @param gatewayModel the model name sent through the gateway
     * @param rate         requests per second
     * @param duration     measured period per run
     * @param warmup       discarded period per run
     * @param connections  pool size
     * @param apiKey       bearer key sent to both
     * @param rounds       A B pairs
     */
    public record Options(URI directUrl, URI gatewayUrl, String directModel, String gatewayModel, double rate,
                          Duration duration, Duration warmup, int connections, String apiKey, int rounds) {
        public Options {
            if (rounds < 1) {
                throw new IllegalArgumentException("rounds must be >= 1, got " + rounds);
            }
        }

        public static Options defaults() {
            return new Options(URI.create("http://127.0.0.1:9090/openai/v1/chat/completions"),
                    URI.create("http://127.0.0.1:8080/v1/chat/completions"), "gpt-4o-mini", "openai/gpt-4o-mini",
                    1000, Duration.ofSeconds(30), Duration.ofSeconds(10), 64, "sk-test", 2);
        }
    }

    /** Merged results of every round, per side. */
    public record Report(Options options, Side direct, Side gateway) {

        /** The table as Markdown. */
        public String markdown() {
            StringBuilder sb = new StringBuilder();
            sb.append(String.format(Locale.ROOT, "Gateway overhead at %.0f req/s, %d connections, %d round(s) of "
                            + "%d s (+%d s warm-up) per side. Latency in ms from the intended send time.%n%n",
                    options.rate(), options.connections(), options.rounds(), options.duration().toSeconds(),
                    options.warmup().toSeconds()));
            sb.append("| | direct | gateway | overhead |\n|---|---:|---:|---:|\n");
            for (double p : new double[] {50, 90, 99, 99.9}) {
                long d = direct.latency.getValueAtPercentile(p);
                long g = gateway.latency.getValueAtPercentile(p);
                sb.append(row("p" + (p == Math.rint(p) ? String.valueOf((int) p) : String.valueOf(p)), d, g));
            }
            sb.append(row("max", direct.latency.getMaxValue(), gateway.latency.getMaxValue()));
            sb.append(String.format(Locale.ROOT, "| requests | %d | %d | |%n", direct.measured, gateway.measured));
            sb.append(String.format(Locale.ROOT, "| errors | %d | %d | |%n", direct.errors, gateway.errors));
            return sb.toString();
        }

        /** The table as plain text for a terminal. */
        public String text() {
            StringBuilder sb = new StringBuilder();
            sb.append(String.format(Locale.ROOT, "%-10s %12s %12s %12s%n", "ms", "direct", "gateway", "overhead"));
            for (double p : new double[] {50, 90, 99, 99.9}) {
                long d = direct.latency.getValueAtPercentile(p);
                long g = gateway.latency.getValueAtPercentile(p);
                sb.append(String.format(Locale.ROOT, "%-10s %12.3f %12.3f %12.3f%n", "p" + fmt(p), d / 1000.0,
                        g / 1000.0, (g - d) / 1000.0));
            }
            long dm = direct.latency.getMaxValue();
            long gm = gateway.latency.getMaxValue();
            sb.append(String.format(Locale.ROOT, "%-10s %12.3f %12.3f %12.3f%n", "max", dm / 1000.0, gm / 1000.0,
                    (gm - dm) / 1000.0));
            sb.append(String.format(Locale.ROOT, "%-10s %12d %12d%n", "requests", direct.measured, gateway.measured));
            sb.append(String.format(Locale.ROOT, "%-10s %12d %12d%n", "errors", direct.errors, gateway.errors));
            return sb.toString();
        }

        private static String fmt(double p) {
            return p == Math.rint(p) ? String.valueOf((int) p) : String.valueOf(p);
        }

        private static String row(String name, long direct, long gateway) {
            return String.format(Locale.ROOT, "| %s | %.3f | %.3f | %+.3f |%n", name, direct / 1000.0,
                    gateway / 1000.0, (gateway - direct) / 1000.0);
        }
    }

    /** One side's merged measurements. */
    public static final class Side {
        private final Histogram latency = new Histogram(LoadGenerator.MAX_LATENCY_MICROS, 3);
        private long measured;
        private long errors;

        void add(LoadResult r) {
            latency.add(r.latency());
            measured += r.measured();
            errors += r.errors();
        }

        public Histogram latency() {
            return latency;
        }

        public long measured() {
            return measured;
        }

        public long errors() {
            return errors;
        }
    }

    private OverheadScenario() {
    }

    /** The ~500-byte chat completion body both sides receive, with {@code model} substituted. */
    public static byte[] body(String model) {
        return body(model, false, 64);
    }

    /**
     * The same chat request, streamed or not, answered with at most {@code maxTokens} tokens (the mock's answer
     * to it has about 45, one per word).
     */
    public static byte[] body(String model, boolean stream, int maxTokens) {
        String json = "{\"model\":\"" + model + "\",\"messages\":["
                + "{\"role\":\"system\",\"content\":\"You are a concise assistant. Answer in one short sentence "
                + "and do not add any preamble or closing remarks.\"},"
                + "{\"role\":\"user\",\"content\":\"Summarise in one sentence why an open-loop load generator "
                + "measures latency from the intended send time rather than from the actual send time, and what "
                + "coordinated omission would hide otherwise in a benchmark of a proxy.\"}],"
                + "\"max_tokens\":" + maxTokens + ",\"temperature\":0.2,\"stream\":" + stream + "}";
        return json.getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Primes both targets (and this JVM's JIT) with one discarded warm-up-long run each, then runs every round;
     * {@code progress} receives one line per run.
     */
    public static Future<Report> run(Vertx vertx, Options o, Consumer<String> progress) {
        Side direct = new Side();
        Side gateway = new Side();
        Future<Void> chain = o.warmup().isZero() ? Future.succeededFuture()
                : prime(vertx, o, o.directUrl(), o.directModel())
                .compose(v -> prime(vertx, o, o.gatewayUrl(), o.gatewayModel()))
                .map(v -> {
                    progress.accept("primed both targets for " + o.warmup().toSeconds() + " s each");
                    return null;
                });
        for (int round = 1; round <= o.rounds(); round++) {
            int r = round;
            chain = chain
                    .compose(v -> once(vertx, o, o.directUrl(), o.directModel(), "direct", r, direct, progress))
                    .compose(v -> once(vertx, o, o.gatewayUrl(), o.gatewayModel(), "gateway", r, gateway,
                            progress));
        }
        return chain.map(v -> new Report(o, direct, gateway));
    }

    private static Future<Void> prime(Vertx vertx, Options o, URI url, String model) {
        return LoadGenerator.run(vertx, config(o, url, model).warmup(Duration.ZERO)
                .duration(o.warmup())).mapEmpty();
    }

    private static LoadConfig config(Options o, URI url, String model) {
        return new LoadConfig(url, "POST", body(model),
                Map.of("content-type", "application/json", "authorization", "Bearer " + o.apiKey()), o.rate(),
                o.duration(), o.warmup(), Long.MAX_VALUE, o.connections(), Duration.ofSeconds(10));
    }

    private static Future<Void> once(Vertx vertx, Options o, URI url, String model, String name, int round,
                                     Side side, Consumer<String> progress) {
        return LoadGenerator.run(vertx, config(o, url, model)).map(r -> {
            side.add(r);
            progress.accept(String.format(Locale.ROOT, "round %d %-7s p50=%.3f ms p99=%.3f ms errors=%d rate=%.0f/s",
                    round, name, r.latency().getValueAtPercentile(50) / 1000.0,
                    r.latency().getValueAtPercentile(99) / 1000.0, r.errors(), r.achievedRate()));
            return null;
        });
    }
}
