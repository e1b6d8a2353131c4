package dev.heimdall.loadtest.bench.suite;

import dev.heimdall.loadtest.bench.OverheadScenario;
import dev.heimdall.loadtest.bench.proc.CpuSample;
import dev.heimdall.loadtest.bench.proc.GcLogTail;
import dev.heimdall.loadtest.bench.proc.Jstat;
import dev.heimdall.loadtest.bench.proc.ProcessTree;
import dev.heimdall.loadtest.bench.report.Metric;
import dev.heimdall.loadtest.bench.report.Results;
import dev.heimdall.loadtest.bench.report.RunResult;
import dev.heimdall.loadtest.bench.report.SoakResult;
import dev.heimdall.loadtest.bench.report.SoakSample;
import dev.heimdall.loadtest.bench.sut.OverheadHistogram;
import dev.heimdall.loadtest.bench.sut.SystemUnderTest;
import dev.heimdall.loadtest.load.ClosedLoopGenerator;
import dev.heimdall.loadtest.load.ConcurrentLoadConfig;
import dev.heimdall.loadtest.load.LoadConfig;
import dev.heimdall.loadtest.load.LoadGenerator;
import dev.heimdall.loadtest.load.LoadResult;
import dev.heimdall.loadtest.load.RequestSpec;
import dev.heimdall.loadtest.load.StreamGenerator;
import dev.heimdall.loadtest.load.StreamResult;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import org.HdrHistogram.Histogram;

/**
 * Runs the plan's scenarios against systems that are already running. Per scenario: every system warms up, then
 * each measured round runs every system once, in the same order (A B C A B C), so that a disturbance of the machine
 * hits a round rather than one system. Around each run it reads the system's CPU time and RSS from /proc and, for
 * Heimdall, its in-process overhead histogram; after each run it waits for the system to go idle.
 */
public final class BenchSuite {
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);

    private final Vertx vertx;
    private final BenchPlan plan;
    private final MockControl mock;
    private final String clientKey;
    private final long ticksPerSecond;
    private final Consumer<String> log;
    private final Results results = new Results();
    private final List<String> scenarioKeys = new ArrayList<>();
    private final List<SoakResult> soaks = new ArrayList<>();

    public BenchSuite(Vertx vertx, BenchPlan plan, URI mock, String clientKey, long ticksPerSecond,
                      Consumer<String> log) {
        this.vertx = vertx;
        this.plan = plan;
        this.mock = new MockControl(mock);
        this.clientKey = clientKey;
        this.ticksPerSecond = ticksPerSecond;
        this.log = log;
    }

    /** What a suite run measured: the runs, the scenario keys in the order they ran, and the soaks. */
    public record Outcome(Results results, List<String> scenarioKeys, List<SoakResult> soaks) {
    }

    public Outcome run(List<SystemUnderTest> systems) {
        smokeCheck(systems);
        if (plan.scenarios().contains(Scenario.LATENCY)) {
            mock.timing(plan.upstreamLatencyMs(), 0, 0);
            for (int rate : plan.rates()) {
                String key = "latency-" + rate;
                scenario(key, systems, s -> openLoop(s, rate, plan.latencyDuration()),
                        s -> openLoop(s, rate, plan.warmup()), plan.latencyDuration());
            }
        }
        if (plan.scenarios().contains(Scenario.SATURATION)) {
            mock.timing(0, 0, 0);
            scenario("saturation", systems, s -> closedLoop(s, plan.saturationDuration()),
                    s -> closedLoop(s, plan.warmup()), plan.saturationDuration());
        }
        if (plan.scenarios().contains(Scenario.STREAMING)) {
            mock.timing(0, plan.ttftMs(), plan.interTokenMs());
            scenario("streaming", systems, s -> streams(s, plan.streamingDuration()),
                    s -> streams(s, plan.warmup()), plan.streamingDuration());
        }
        if (plan.scenarios().contains(Scenario.SOAK)) {
            mock.timing(plan.upstreamLatencyMs(), 0, 0);
            for (SystemUnderTest s : systems) {
                if (plan.soakSystems().contains(s.name())) {
                    soaks.add(soak(s));
                }
            }
        }
        return new Outcome(results, List.copyOf(scenarioKeys), List.copyOf(soaks));
    }

    /** One request through every system before anything is measured, so a broken set-up shows at once. */
    private void smokeCheck(List<SystemUnderTest> systems) {
        for (SystemUnderTest s : systems) {
            String outcome = MockControl.post(s.endpoint().chatUrl(), headers(s),
                            OverheadScenario.body(s.endpoint().model()))
                    .map(r -> r.statusCode() == 200 ? "200 OK"
                            : r.statusCode() + " " + r.body().substring(0, Math.min(200, r.body().length())))
                    .orElse("no answer");
            log.accept("check " + s.name() + " (" + s.endpoint().chatUrl() + "): " + outcome);
        }
    }

    /** A load to run, and how to read its figures. */
    private record Load<T>(Supplier<Future<T>> start, Function<T, Figures> figures) {
    }

    /** A run's figures and the requests the system served in it (the divisor of CPU per request). */
    private record Figures(Map<Metric, Double> values, long requests) {
    }

    private void scenario(String key, List<SystemUnderTest> systems, Function<SystemUnderTest, Load<?>> measured,
                          Function<SystemUnderTest, Load<?>> warmup, Duration runLength) {
        scenarioKeys.add(key);
        for (SystemUnderTest s : systems) {
            log.accept(key + ": warming up " + s.name() + " for " + plan.warmup().toSeconds() + " s");
            await(warmup.apply(s).start().get(), plan.warmup());
            quiesce(s);
        }
        for (int run = 1; run <= plan.runs(); run++) {
            for (SystemUnderTest s : systems) {
                RunResult r = measure(key, s, run, measured.apply(s), runLength);
                results.add(r);
                log.accept(String.format(Locale.ROOT, "%s run %d %-18s %s", key, run, s.name(), brief(r)));
                quiesce(s);
            }
        }
    }

    private <T> RunResult measure(String key, SystemUnderTest s, int run, Load<T> load, Duration length) {
        Optional<ProcessTree> tree = s.process();
        Optional<OverheadHistogram> overheadBefore = overhead(s);
        Optional<CpuSample> before = tree.map(ProcessTree::cpu);
        T outcome = await(load.start().get(), length);
        Optional<CpuSample> after = tree.map(ProcessTree::cpu);
        Figures f = load.figures().apply(outcome);
        Map<Metric, Double> values = new EnumMap<>(f.values());
        if (before.isPresent() && after.isPresent()) {
            values.put(Metric.CPU_PER_REQUEST, CpuSample.microsPerRequest(before.get(), after.get(), f.requests(),
                    ticksPerSecond));
            values.put(Metric.BUSY, CpuSample.busyPercent(before.get(), after.get(), ticksPerSecond));
        }
        tree.ifPresent(t -> values.put(Metric.RSS, t.rssBytes() / 1048576.0));
        overheadBefore.flatMap(b -> overhead(s).map(a -> a.minus(b))).ifPresent(h -> {
            values.put(Metric.IN_PROCESS_MEAN, h.meanMicros());
            values.put(Metric.IN_PROCESS_P99, h.quantileBoundMicros(0.99));
        });
        return new RunResult(key, s.name(), run, values);
    }

    private Load<LoadResult> openLoop(SystemUnderTest s, double rate, Duration duration) {
        LoadConfig config = new LoadConfig(s.endpoint().chatUrl(), "POST",
                OverheadScenario.body(s.endpoint().model()), headers(s), rate, duration, Duration.ZERO,
                (long) Math.ceil(rate * duration.toMillis() / 1000.0), plan.latencyConnections(), REQUEST_TIMEOUT);
        return new Load<>(() -> LoadGenerator.run(vertx, config), r -> new Figures(latencyFigures(r), r.sent()));
    }

    private Load<LoadResult> closedLoop(SystemUnderTest s, Duration duration) {
        ConcurrentLoadConfig config = new ConcurrentLoadConfig(request(s, false), plan.saturationConnections(),
                Duration.ZERO, duration, 100_000_000L, REQUEST_TIMEOUT);
        return new Load<>(() -> ClosedLoopGenerator.run(vertx, config), r -> new Figures(latencyFigures(r),
                r.sent()));
    }

    private Load<StreamResult> streams(SystemUnderTest s, Duration duration) {
        ConcurrentLoadConfig config = new ConcurrentLoadConfig(request(s, true), plan.streams(), Duration.ZERO,
                duration, 10_000_000L, REQUEST_TIMEOUT);
        return new Load<>(() -> StreamGenerator.run(vertx, config), r -> {
            Map<Metric, Double> v = new EnumMap<>(Metric.class);
            v.put(Metric.STREAMS, (double) r.completed());
            v.put(Metric.ERRORS, (double) r.errors());
            putMillis(v, Metric.TTFT_P50, r.ttft(), 50);
            putMillis(v, Metric.TTFT_P99, r.ttft(), 99);
            putMillis(v, Metric.GAP_P50, r.gap(), 50);
            putMillis(v, Metric.GAP_P99, r.gap(), 99);
            return new Figures(v, r.started());
        });
    }

    private SoakResult soak(SystemUnderTest s) {
        double rate = plan.soakRate();
        Duration length = plan.soakDuration();
        log.accept("soak: warming up " + s.name() + " for " + plan.warmup().toSeconds() + " s");
        await(openLoop(s, rate, plan.warmup()).start().get(), plan.warmup());
        Optional<GcLogTail> gc = s.gcLog().map(GcLogTail::new);
        Optional<ProcessTree> tree = s.process();
        try {
            if (gc.isPresent()) {
                gc.get().skipToEnd();
            }
            log.accept(String.format(Locale.ROOT, "soak: %s at %.0f req/s for %d s, a sample every %d s", s.name(),
                    rate, length.toSeconds(), plan.soakSample().toSeconds()));
            Load<LoadResult> load = openLoop(s, rate, length);
            Optional<CpuSample> before = tree.map(ProcessTree::cpu);
            Future<LoadResult> running = load.start().get();
            long start = System.nanoTime();
            long deadline = start + length.plus(REQUEST_TIMEOUT).plusSeconds(30).toNanos();
            List<SoakSample> samples = new ArrayList<>();
            long next = start;
            while (!running.isComplete() && System.nanoTime() < deadline) {
                next += plan.soakSample().toNanos();
                sleepUntil(next, running);
                SoakSample sample = sample(s, tree, gc, (System.nanoTime() - start) / 1e9);
                samples.add(sample);
                log.accept(String.format(Locale.ROOT, "soak: %s t=%.0fs RSS=%.0f MiB old=%.1f MiB GC pauses=%d "
                                + "longest=%.2f ms", s.name(), sample.seconds(), sample.rssMb(), sample.oldGenMb(),
                        sample.gcPauses(), sample.maxGcPauseMs()));
            }
            LoadResult r = await(running, Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
            Map<Metric, Double> values = new EnumMap<>(latencyFigures(r));
            before.ifPresent(b -> values.put(Metric.CPU_PER_REQUEST, CpuSample.microsPerRequest(b,
                    tree.get().cpu(), r.sent(), ticksPerSecond)));
            return new SoakResult(s.name(), rate, length.toSeconds(), samples, new RunResult("soak", s.name(), 1,
                    values), gc.isPresent());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static SoakSample sample(SystemUnderTest s, Optional<ProcessTree> tree, Optional<GcLogTail> gc,
                                     double seconds) throws IOException {
        double rss = tree.map(t -> t.rssBytes() / 1048576.0).orElse(Double.NaN);
        double old = gc.isPresent() && tree.isPresent() ? Jstat.oldGenMb(tree.get().root()) : Double.NaN;
        List<Double> pauses = gc.isPresent() ? gc.get().newPauses() : List.of();
        double max = pauses.stream().mapToDouble(Double::doubleValue).max().orElse(0);
        return new SoakSample(seconds, rss, old, pauses.size(), max);
    }

    private Map<String, String> headers(SystemUnderTest s) {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("content-type", "application/json");
        h.put("authorization", "Bearer " + clientKey);
        h.putAll(s.endpoint().headers());
        return h;
    }

    private RequestSpec request(SystemUnderTest s, boolean stream) {
        byte[] body = stream ? OverheadScenario.body(s.endpoint().model(), true, plan.streamTokens())
                : OverheadScenario.body(s.endpoint().model());
        return new RequestSpec(s.endpoint().chatUrl(), "POST", body, headers(s));
    }

    private static Map<Metric, Double> latencyFigures(LoadResult r) {
        Map<Metric, Double> v = new EnumMap<>(Metric.class);
        putMillis(v, Metric.P50, r.latency(), 50);
        putMillis(v, Metric.P90, r.latency(), 90);
        putMillis(v, Metric.P99, r.latency(), 99);
        putMillis(v, Metric.P999, r.latency(), 99.9);
        if (r.latency().getTotalCount() > 0) {
            v.put(Metric.MAX, r.latency().getMaxValue() / 1000.0);
        }
        v.put(Metric.REQUESTS, (double) r.measured());
        v.put(Metric.ERRORS, (double) r.errors());
        if (r.seconds() > 0) {
            v.put(Metric.THROUGHPUT, r.ok() / r.seconds());
        }
        return v;
    }

    private static void putMillis(Map<Metric, Double> v, Metric m, Histogram h, double percentile) {
        if (h.getTotalCount() > 0) {
            v.put(m, h.getValueAtPercentile(percentile) / 1000.0);
        }
    }

    private static String brief(RunResult r) {
        StringBuilder sb = new StringBuilder();
        r.values().forEach((m, v) -> sb.append(m.label()).append('=')
                .append(String.format(Locale.ROOT, "%." + m.decimals() + "f", v)).append(' '));
        return sb.toString().trim();
    }

    private static Optional<OverheadHistogram> overhead(SystemUnderTest s) {
        return s.metrics().flatMap(MockControl::get).map(OverheadHistogram::parse);
    }

    /** Waits (bounded) until the system's CPU use falls below 5% of a core: a backlog must not spill over. */
    private void quiesce(SystemUnderTest s) {
        Optional<ProcessTree> tree = s.process();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        do {
            CpuSample a = tree.map(ProcessTree::cpu).orElse(null);
            sleep(250);
            if (a == null) {
                return;
            }
            if (CpuSample.busyPercent(a, tree.get().cpu(), ticksPerSecond) < 5) {
                return;
            }
        } while (System.nanoTime() < deadline);
    }

    private static <T> T await(Future<T> f, Duration runLength) {
        long bound = runLength.plus(REQUEST_TIMEOUT).plusSeconds(30).toMillis();
        try {
            return f.toCompletionStage().toCompletableFuture().get(bound, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("a load run failed: " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("a load run did not finish within " + bound + " ms", e);
        }
    }

    private static void sleepUntil(long nanoTime, Future<?> orDone) {
        while (System.nanoTime() < nanoTime && !orDone.isComplete()) {
            sleep(Math.min(200, Math.max(1, (nanoTime - System.nanoTime()) / 1_000_000)));
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
