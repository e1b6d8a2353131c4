package dev.heimdall.loadtest.bench.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MarkdownReportTest {
    private static final Machine MACHINE = new Machine("Test CPU", 2, 24, "6.1", "OpenJDK 17");

    @Test
    void describesTheMachineFromProcFiles() {
        Machine m = Machine.parse("processor\t: 0\nmodel name\t: Intel(R) Xeon(R)\nprocessor\t: 1\n"
                + "model name\t: Intel(R) Xeon(R)\n", "MemTotal:       25165824 kB\nMemFree: 1 kB\n", "6.18", "JDK 17");
        assertThat(m).isEqualTo(new Machine("Intel(R) Xeon(R)", 2, 24.0, "6.18", "JDK 17"));
        assertThat(m.oneLine()).isEqualTo("Intel(R) Xeon(R), 2 CPUs, 24 GiB, Linux 6.18, JDK 17");
    }

    @Test
    void latencyTablesShowMediansWithRangesAndWhatEachSystemAdds() {
        Results results = new Results();
        for (int run = 1; run <= 3; run++) {
            results.add(new RunResult("latency-5000", "direct", run, Map.of(Metric.P50, 50.0 + run,
                    Metric.P99, 52.0, Metric.ERRORS, 0.0)));
            results.add(new RunResult("latency-5000", "nginx", run, Map.of(Metric.P50, 50.1 + run,
                    Metric.P99, 52.2, Metric.ERRORS, 0.0, Metric.CPU_PER_REQUEST, 14.0 + run, Metric.RSS, 15.0)));
        }
        String md = new MarkdownReport(MACHINE, results, "direct").latency("latency-5000");

        assertThat(md).contains("| system | p50 (ms) | p90 (ms) | p99 (ms) | p99.9 (ms) | max (ms) | errors | requests |");
        assertThat(md).contains("| direct | 52.000 (51.000 – 53.000) | — | 52.000 (52.000 – 52.000) | — | — | "
                + "0 (0 – 0) | — |");
        assertThat(md).contains("| nginx | +0.100 (+0.100 – +0.100) | +0.200 (+0.200 – +0.200) | — | "
                + "16.0 (15.0 – 17.0) | 15 (15 – 15) | — | — |");
        assertThat(md).contains("| direct | — | — | — | — | — | — | — |");
        assertThat(md).endsWith("Machine: Test CPU, 2 CPUs, 24 GiB, Linux 6.1, OpenJDK 17\n");
    }

    @Test
    void saturationDerivesThePerCoreCapacityFromCpuPerRequest() {
        Results results = new Results();
        results.add(new RunResult("saturation", "nginx", 1, Map.of(Metric.THROUGHPUT, 20_000.0,
                Metric.CPU_PER_REQUEST, 16.0, Metric.BUSY, 32.0)));
        String md = new MarkdownReport(MACHINE, results, "direct").saturation("saturation");
        assertThat(md).contains("| nginx | 20000 | — | — | — | 16.0 | 32 | 62500 | — |");
    }

    @Test
    void targetsCompareWithNginxAndPortkeyAndSayWhetherTheyAreMet() {
        Results results = new Results();
        results.add(new RunResult("latency-5000", "direct", 1, Map.of(Metric.P50, 50.0, Metric.P99, 51.0)));
        results.add(new RunResult("latency-5000", "nginx", 1, Map.of(Metric.P50, 50.2, Metric.P99, 51.4)));
        results.add(new RunResult("latency-5000", "portkey", 1, Map.of(Metric.P50, 60.0, Metric.P99, 151.0)));
        results.add(new RunResult("latency-5000", "heimdall-governed", 1, Map.of(Metric.P50, 50.25,
                Metric.P99, 52.0)));
        String md = new MarkdownReport(MACHINE, results, "direct").targets("heimdall-governed", "latency-5000", null,
                null);
        assertThat(md).contains("| latency-5000 added p50 (ms) | 0.250 | 0.200 | 10.000 | 1.25× | 0.03× | "
                + "≤ 1.5× nginx | met |");
        assertThat(md).contains("| latency-5000 added p99 (ms) | 1.000 | 0.400 | 100.000 | 2.50× | 0.01× | "
                + "≤ 1.5× nginx | **missed** (2.50× nginx) |");
    }

    @Test
    void soakSaysWhetherMemoryStayedFlatAndGcPausesShort() {
        List<SoakSample> samples = List.of(new SoakSample(10, 200, 20, 3, 1.5), new SoakSample(20, 201, 21, 2, 0.9),
                new SoakSample(30, 200, 20, 4, 12.0), new SoakSample(40, 202, 21, 3, 1.1),
                new SoakSample(50, 201, 20, 2, 0.8));
        SoakResult soak = new SoakResult("heimdall", 2000, 50, samples, new RunResult("soak", "heimdall", 1,
                Map.of(Metric.REQUESTS, 100_000.0, Metric.ERRORS, 0.0)), true);
        String md = new MarkdownReport(MACHINE, new Results(), "direct").soak(soak);
        assertThat(md).contains("- RSS: ").contains("**flat**");
        assertThat(md).contains("- GC: 14 pauses, longest 12.00 ms: **above 10 ms**");
        assertThat(md).contains("| 30 | 200 | 20.0 | 4 | 12.00 |");
    }

    @Test
    void fillReplacesEveryPlaceholderAndRefusesOneWithoutAValue() {
        assertThat(MarkdownReport.fill("a {{x}} b {{long-name}} {{x}}", Map.of("x", "$1\\", "long-name", "y")))
                .isEqualTo("a $1\\ b y $1\\");
        assertThatThrownBy(() -> MarkdownReport.fill("{{missing}}", Map.of()))
                .hasMessageContaining("{{missing}}");
    }
}
