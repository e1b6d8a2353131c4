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
        assertThat(r.latency().getValueAtPercentile(50)).isLessThan(100_000);
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

    private static <T> T await(Future<T> f) throws Exception {
        return f.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
}
