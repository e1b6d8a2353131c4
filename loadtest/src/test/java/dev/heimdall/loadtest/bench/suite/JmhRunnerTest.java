package dev.heimdall.loadtest.bench.suite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.heimdall.loadtest.bench.report.JmhResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JmhRunnerTest {

    @Test
    void findsTheBenchmarksKeptBesideTheCodeOfEveryModule(@TempDir Path root) throws IOException {
        write(root, "governance/src/test/java/dev/x/governance/bench/RoutingDecisionBenchmark.java");
        write(root, "providers/src/test/java/dev/x/providers/bench/ParseBenchmark.java");
        write(root, "providers/src/test/java/dev/x/providers/openai/NotABenchmarkTest.java");
        write(root, "providers/src/test/java/dev/x/providers/other/StrayBenchmark.java");   // not in a bench package
        Files.createDirectories(root.resolve("docs"));

        List<JmhRunner.Benchmark> found = new JmhRunner(root, "0", root, line -> { }).discover();

        assertThat(found).extracting(JmhRunner.Benchmark::className).containsExactly(
                "dev.x.governance.bench.RoutingDecisionBenchmark", "dev.x.providers.bench.ParseBenchmark");
        assertThat(found.get(0).module()).isEqualTo(root.resolve("governance"));
    }

    @Test
    void aBenchmarkWithoutItsClasspathIsReportedNotRun(@TempDir Path root) throws IOException {
        write(root, "governance/src/test/java/dev/x/bench/RoutingDecisionBenchmark.java");
        List<String> log = new ArrayList<>();
        JmhRunner.Outcome outcome = new JmhRunner(root, "", root, log::add).run(true);
        assertThat(outcome.results()).isEmpty();
        assertThat(outcome.problems()).singleElement().asString()
                .contains("dev.x.bench.RoutingDecisionBenchmark", "bench.classpath is missing");
        assertThat(log).hasSize(1);
    }

    @Test
    void readsScoreErrorAndAllocationFromJmhJson() {
        String json = """
                [ { "benchmark" : "dev.x.bench.RoutingDecisionBenchmark.weightedAliasPick", "mode" : "avgt",
                    "primaryMetric" : { "score" : 62.5, "scoreError" : "NaN", "scoreUnit" : "ns/op" },
                    "secondaryMetrics" : {
                      "gc.alloc.rate" : { "score" : 600.1, "scoreUnit" : "MB/sec" },
                      "·gc.alloc.rate.norm" : { "score" : 256.0, "scoreUnit" : "B/op" } } },
                  { "benchmark" : "dev.x.bench.B.plain", "mode" : "thrpt",
                    "primaryMetric" : { "score" : 1000, "scoreError" : 12.5, "scoreUnit" : "ops/s" },
                    "secondaryMetrics" : { } } ]
                """;
        List<JmhResult> results = JmhResult.parse(json);
        assertThat(results).hasSize(2);
        JmhResult first = results.get(0);
        assertThat(first.benchmark()).isEqualTo("RoutingDecisionBenchmark.weightedAliasPick");
        assertThat(first.score()).isEqualTo(62.5);
        assertThat(first.error()).isNaN();
        assertThat(first.allocBytesPerOp()).isEqualTo(256.0);
        assertThat(results.get(1)).isEqualTo(new JmhResult("B.plain", "thrpt", 1000, 12.5, "ops/s", Double.NaN));
        assertThatThrownBy(() -> JmhResult.parse("{not json")).isInstanceOf(IllegalArgumentException.class);
    }

    private static void write(Path root, String file) throws IOException {
        Path p = root.resolve(file);
        Files.createDirectories(p.getParent());
        Files.writeString(p, "class X {}");
    }
}
