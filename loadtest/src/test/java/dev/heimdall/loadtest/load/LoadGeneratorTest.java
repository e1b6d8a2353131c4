package dev.heimdall.loadtest.load;

import static org.assertj.core.api.Assertions.assertThat;

import dev.heimdall.loadtest.bench.OverheadScenario;
import dev.heimdall.loadtest.mock.FaultRule;
import dev.heimdall.loadtest.mock.MockConfig;
import dev.heimdall.loadtest.mock.MockProvider;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class LoadGeneratorTest {
    private static Vertx vertx;
    private static MockProvider mock;

    @BeforeAll
    static void start() throws Exception {
        vertx = Vertx.vertx();
        mock = await(MockProvider.start(vertx, MockConfig.defaults().port(0).recordRequests(false)));
    }

    @AfterAll
    static void stop() throws Exception {
        await(mock.close());
        await(vertx.close());
    }

    @BeforeEach
    void clear() {
        mock.faults().clear();
        mock.settings().latencyMs(0).ttftMs(0).interTokenMs(0);
    }

    private static LoadConfig chat(double rate, Duration duration) {
        return LoadConfig.post(URI.create(mock.baseUrl() + "/openai/v1/chat/completions"),
                OverheadScenario.body("gpt-4o-mini"),
                Map.of("content-type", "application/json", "authorization", "Bearer sk-test"), rate, duration);
    }

    @Test
    void sendsRateTimesDurationRequestsOnSchedule() throws Exception {
        long t0 = System.nanoTime();
        LoadResult r = await(LoadGenerator.run(vertx, chat(200, Duration.ofSeconds(2))));
        long elapsedMs = (System.nanoTime() - t0) / 1_000_000;
        assertThat(r.sent()).isEqualTo(400);
        assertThat(r.measured()).isEqualTo(400);
        assertThat(r.ok()).isEqualTo(400);
        assertThat(r.errors()).isZero();
        assertThat(r.latency().getTotalCount()).isEqualTo(400);
        assertThat(r.ttfb().getTotalCount()).isEqualTo(400);
        // exact counts are the schedule's contract; the timing bounds leave room for a machine busy with builds
        assertThat(r.latency().getValueAtPercentile(50)).isPositive().isLessThan(1_000_000);
        assertThat(r.achievedRate()).isBetween(180.0, 220.0);
        assertThat(r.statuses()).containsEntry(200, 400L);
        assertThat(elapsedMs).isBetween(1_900L, 6_000L);
    }

    @Test
    void discardsWarmupAndStopsAtMaxRequests() throws Exception {
        LoadResult warm = await(LoadGenerator.run(vertx, chat(200, Duration.ofSeconds(1))
                .warmup(Duration.ofMillis(500))));
        assertThat(warm.sent()).isEqualTo(300);
        assertThat(warm.measured()).isEqualTo(200);
        assertThat(warm.latency().getTotalCount()).isEqualTo(200);
        LoadResult capped = await(LoadGenerator.run(vertx, chat(200, Duration.ofSeconds(5)).maxRequests(50)));
        assertThat(capped.sent()).isEqualTo(50);
    }

    @Test
    void countsNon2xxConnectionErrorsAndTimeoutsSeparately() throws Exception {
        mock.faults().add(FaultRule.status(500).rate(0.5).times(100));
        mock.faults().add(FaultRule.reset().times(10));
        mock.faults().add(FaultRule.hang().times(5));
        LoadResult r = await(LoadGenerator.run(vertx, chat(200, Duration.ofSeconds(2))
                .timeout(Duration.ofMillis(300))));
        assertThat(r.sent()).isEqualTo(400);
        assertThat(r.statuses()).containsEntry(500, 100L);
        assertThat(r.non2xx()).isEqualTo(100);
        assertThat(r.connectErrors()).isEqualTo(10);
        assertThat(r.timeouts()).isEqualTo(5);
        assertThat(r.ok()).isEqualTo(400 - 115);
        assertThat(r.latency().getTotalCount()).isEqualTo(r.ok());
    }

    @Test
    void measuresFromTheIntendedSendTimeSoAStallDelaysEveryQueuedRequest() throws Exception {
        // One connection and one 500 ms stall at the start: a closed-loop client would record one slow request,
        // the open-loop schedule charges the stall to every request intended during it (~100 at 200/s).
        mock.faults().add(FaultRule.delay(500).times(1));
        LoadResult r = await(LoadGenerator.run(vertx, chat(200, Duration.ofSeconds(2)).connections(1)));
        assertThat(r.ok()).isEqualTo(400);
        assertThat(r.latency().getMaxValue()).isGreaterThanOrEqualTo(450_000);
        assertThat(r.latency().getCountBetweenValues(100_000, 60_000_000)).isGreaterThanOrEqualTo(60);
        // the stall is charged to the requests queued behind it, not to all: the median stays below it (a loaded
        // machine catches up slower, so no tighter bound)
        assertThat(r.latency().getValueAtPercentile(50)).isLessThan(450_000);
    }

    @Test
    void overheadScenarioReportsGatewayMinusDirect() throws Exception {
        // "gateway" is the mock too, with a model that a 20 ms delay rule slows down.
        mock.faults().add(FaultRule.delay(20).model("slow"));
        String url = mock.baseUrl() + "/openai/v1/chat/completions";
        OverheadScenario.Options o = new OverheadScenario.Options(URI.create(url), URI.create(url), "fast", "slow",
                100, Duration.ofMillis(600), Duration.ofMillis(200), 8, "sk-test", 2);
        OverheadScenario.Report report = await(OverheadScenario.run(vertx, o, line -> { }));
        assertThat(report.direct().measured()).isEqualTo(120);
        assertThat(report.gateway().measured()).isEqualTo(120);
        assertThat(report.direct().errors() + report.gateway().errors()).isZero();
        long overhead = report.gateway().latency().getValueAtPercentile(50)
                - report.direct().latency().getValueAtPercentile(50);
        assertThat(overhead).isBetween(15_000L, 60_000L);
        assertThat(report.markdown()).contains("| p50 |", "| p99.9 |", "| max |", "| errors | 0 | 0 |");
        assertThat(report.text()).contains("overhead", "p99.9");
    }

    private static ConcurrentLoadConfig config(boolean stream, int concurrency, Duration duration, long max) {
        RequestSpec request = new RequestSpec(URI.create(mock.baseUrl() + "/openai/v1/chat/completions"), "POST",
                OverheadScenario.body("gpt-4o-mini", stream, 5),
                Map.of("content-type", "application/json", "authorization", "Bearer sk-test"));
        return new ConcurrentLoadConfig(request, concurrency, Duration.ZERO, duration, max, Duration.ofSeconds(5));
    }

    @Test
    void closedLoopKeepsEveryClientBusyUntilTheLimitAndCountsFailuresApart() throws Exception {
        mock.faults().add(FaultRule.status(503).times(3));
        LoadResult r = await(ClosedLoopGenerator.run(vertx, config(false, 4, Duration.ofSeconds(30), 200)));
        assertThat(r.sent()).isEqualTo(200);
        assertThat(r.measured()).isEqualTo(200);
        assertThat(r.ok()).isEqualTo(197);
        assertThat(r.non2xx()).isEqualTo(3);
        assertThat(r.latency().getTotalCount()).isEqualTo(197);
        assertThat(r.statuses()).containsEntry(200, 197L).containsEntry(503, 3L);
    }

    @Test
    void closedLoopStopsStartingRequestsWhenItsDurationIsOver() throws Exception {
        mock.settings().latencyMs(100);
        LoadResult r = await(ClosedLoopGenerator.run(vertx, config(false, 2, Duration.ofMillis(500), 1_000_000)));
        // two clients, 100 ms per answer, 0.5 s: about ten requests, never thousands
        assertThat(r.sent()).isBetween(2L, 14L);
        assertThat(r.ok()).isEqualTo(r.sent());
    }

    @Test
    void streamsMeasureTimeToFirstTokenAndTheGapsBetweenTokens() throws Exception {
        mock.settings().ttftMs(40).interTokenMs(20);
        StreamResult r = await(StreamGenerator.run(vertx, config(true, 3, Duration.ofSeconds(30), 6)));
        assertThat(r.started()).isEqualTo(6);
        assertThat(r.completed()).isEqualTo(6);
        assertThat(r.errors()).isZero();
        assertThat(r.ttft().getTotalCount()).isEqualTo(6);
        // the first token cannot arrive before the mock's 40 ms, nor a next one before its 20 ms gap
        assertThat(r.ttft().getMinValue()).isGreaterThanOrEqualTo(40_000);
        assertThat(r.gap().getTotalCount()).isEqualTo(6 * 4);
        assertThat(r.gap().getValueAtPercentile(50)).isGreaterThanOrEqualTo(15_000);
    }

    @Test
    void aStreamThatFailsOrBreaksIsAnErrorNotATiming() throws Exception {
        mock.faults().add(FaultRule.status(500).times(1));
        mock.faults().add(FaultRule.cutAfter(0).times(1));
        StreamResult r = await(StreamGenerator.run(vertx, config(true, 1, Duration.ofSeconds(30), 4)));
        assertThat(r.started()).isEqualTo(4);
        assertThat(r.non2xx()).isEqualTo(1);
        assertThat(r.failed()).isEqualTo(1);
        assertThat(r.completed()).isEqualTo(2);
        assertThat(r.ttft().getTotalCount()).isEqualTo(2);
    }

    private static <T> T await(Future<T> f) throws Exception {
        return f.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
}
