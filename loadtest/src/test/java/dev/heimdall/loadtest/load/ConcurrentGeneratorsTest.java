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

class ConcurrentGeneratorsTest {
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
    void reset() {
        mock.faults().clear();
        mock.settings().latencyMs(0).ttftMs(0).interTokenMs(0);
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
        return f.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    }
}
