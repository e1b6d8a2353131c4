package dev.heimdall.loadtest.bench.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ResultsTest {

    @Test
    void spreadIsTheMedianWithMinAndMax() {
        assertThat(Spread.of(List.of(3.0, 1.0, 2.0))).isEqualTo(new Spread(2.0, 1.0, 3.0, 3));
        assertThat(Spread.of(List.of(4.0, 1.0, 2.0, 10.0))).isEqualTo(new Spread(3.0, 1.0, 10.0, 4));
        assertThat(Spread.of(List.of(7.5))).isEqualTo(new Spread(7.5, 7.5, 7.5, 1));
        assertThatThrownBy(() -> Spread.of(List.of())).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void spreadFormatsTheRangeOnlyWhenThereIsMoreThanOneRun() {
        assertThat(new Spread(1.5, 1.0, 2.25, 3).format(2, false)).isEqualTo("1.50 (1.00 – 2.25)");
        assertThat(new Spread(0.25, -0.5, 1.0, 3).format(3, true)).isEqualTo("+0.250 (-0.500 – +1.000)");
        assertThat(new Spread(4, 4, 4, 1).format(0, false)).isEqualTo("4");
    }

    @Test
    void aggregatesEachSystemsRunsOfAScenario() {
        Results results = new Results();
        results.add(run("latency-1000", "nginx", 1, 1.2));
        results.add(run("latency-1000", "nginx", 2, 1.0));
        results.add(run("latency-1000", "nginx", 3, 5.0));
        results.add(run("latency-5000", "nginx", 1, 9.0));
        results.add(run("latency-1000", "direct", 1, 1.0));

        assertThat(results.spread("latency-1000", "nginx", Metric.P50)).contains(new Spread(1.2, 1.0, 5.0, 3));
        assertThat(results.spread("latency-1000", "nginx", Metric.CPU_PER_REQUEST)).isEmpty();
        assertThat(results.spread("latency-1000", "portkey", Metric.P50)).isEmpty();
        assertThat(results.systems("latency-1000")).containsExactly("nginx", "direct");
    }

    @Test
    void addedLatencyPairsTheRunsOfTheSameRound() {
        Results results = new Results();
        results.add(run("latency-1000", "direct", 1, 50.0));
        results.add(run("latency-1000", "heimdall", 1, 50.5));
        results.add(run("latency-1000", "direct", 2, 60.0));
        results.add(run("latency-1000", "heimdall", 2, 60.2));
        results.add(run("latency-1000", "direct", 3, 51.0));
        results.add(run("latency-1000", "heimdall", 3, 51.3));
        results.add(run("latency-1000", "heimdall", 4, 99.0));   // no direct run to pair with: left out

        Spread added = results.added("latency-1000", "heimdall", "direct", Metric.P50).orElseThrow();
        assertThat(added.runs()).isEqualTo(3);
        assertThat(added.median()).isCloseTo(0.3, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(added.min()).isCloseTo(0.2, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(added.max()).isCloseTo(0.5, org.assertj.core.data.Offset.offset(1e-9));
    }

    @Test
    void aRunLeavesOutFiguresThatAreNotNumbers() {
        RunResult r = new RunResult("s", "direct", 1, Map.of(Metric.P50, 1.0, Metric.CPU_PER_REQUEST, Double.NaN));
        assertThat(r.values()).containsOnlyKeys(Metric.P50);
    }

    @Test
    void aTrendIsFlatWithinToleranceAndRisingBeyondIt() {
        // the first fifth (two samples) is warm-up and does not count
        List<Double> warmingThenFlat = List.of(10.0, 150.0, 200.0, 201.0, 199.0, 200.0, 202.0, 200.0, 201.0, 200.0);
        assertThat(Trend.of(warmingThenFlat, 8, 0.05).flat()).isTrue();
        List<Double> rising = List.of(200.0, 200.0, 210.0, 220.0, 230.0, 240.0, 250.0, 260.0, 270.0, 280.0);
        Trend t = Trend.of(rising, 8, 0.05);
        assertThat(t.flat()).isFalse();
        assertThat(t.rise()).isCloseTo(70.0, org.assertj.core.data.Offset.offset(1e-6));
        List<Double> falling = List.of(300.0, 300.0, 290.0, 280.0, 270.0, 260.0);
        assertThat(Trend.of(falling, 8, 0.05).flat()).isTrue();
    }

    private static RunResult run(String scenario, String system, int run, double p50) {
        return new RunResult(scenario, system, run, Map.of(Metric.P50, p50));
    }
}
