package dev.heimdall.loadtest.bench.sut;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class SystemConfigTest {

    @Test
    void nginxRunsInTheForegroundWithEverythingUnderItsDirectoryAndKeepsUpstreamConnectionsAlive() {
        String conf = Nginx.config(Path.of("/tmp/w/nginx"), 19082, 19080);
        assertThat(conf).contains("daemon off;", "worker_processes 1;", "pid /tmp/w/nginx/nginx.pid;",
                "error_log /tmp/w/nginx/error.log", "listen 127.0.0.1:19082", "server 127.0.0.1:19080;",
                "keepalive 512;", "proxy_http_version 1.1;", "proxy_set_header Connection \"\";",
                "proxy_buffering off;", "access_log off;");
        assertThat(conf.lines().filter(l -> l.contains("temp_path")).allMatch(l -> l.contains("/tmp/w/nginx/")))
                .isTrue();
    }

    @Test
    void haproxyProxiesToTheMockWithConnectionReuse() {
        assertThat(Haproxy.config(19083, 19080)).contains("bind 127.0.0.1:19083", "server mock 127.0.0.1:19080",
                "http-reuse always", "nbthread 1");
    }

    @Test
    void theReportNamesTheGovernanceSectionsAConfigSwitchesOn() {
        String yaml = """
                # virtual-keys: in a comment does not count
                server:
                  port: 1
                routing-rules:
                  - name: a
                guardrails: { secrets: block }
                """;
        assertThat(Heimdall.describeGovernance(yaml)).isEqualTo("governance on: routing-rules, guardrails; "
                + "not configured: virtual-keys, access-profiles, rate-limits, budgets, audit");
        assertThat(Heimdall.describeGovernance("server:\n  port: 1\n")).startsWith("governance off; not configured");
    }

    @Test
    void theInProcessHistogramOfOneRunIsTheDifferenceOfTwoScrapes() {
        String before = """
                # TYPE heimdall_overhead_seconds histogram
                heimdall_overhead_seconds_bucket{le="1.0E-5"} 10
                heimdall_overhead_seconds_bucket{le="5.0E-5"} 90
                heimdall_overhead_seconds_bucket{le="0.001"} 100
                heimdall_overhead_seconds_bucket{le="+Inf"} 100
                heimdall_overhead_seconds_count 100
                heimdall_overhead_seconds_sum 0.004
                """;
        String after = """
                heimdall_overhead_seconds_bucket{le="1.0E-5"} 10
                heimdall_overhead_seconds_bucket{le="5.0E-5"} 1080
                heimdall_overhead_seconds_bucket{le="0.001"} 1100
                heimdall_overhead_seconds_bucket{le="+Inf"} 1100
                heimdall_overhead_seconds_count 1100
                heimdall_overhead_seconds_sum 0.034
                """;
        OverheadHistogram run = OverheadHistogram.parse(after).minus(OverheadHistogram.parse(before));
        assertThat(run.count()).isEqualTo(1000);
        assertThat(run.meanMicros()).isCloseTo(30.0, org.assertj.core.data.Offset.offset(1e-6));
        assertThat(run.quantileBoundMicros(0.5)).isCloseTo(50.0, org.assertj.core.data.Offset.offset(1e-6));
        assertThat(run.quantileBoundMicros(0.99)).isCloseTo(50.0, org.assertj.core.data.Offset.offset(1e-6));
        assertThat(run.quantileBoundMicros(0.999)).isCloseTo(1000.0, org.assertj.core.data.Offset.offset(1e-6));
        assertThat(OverheadHistogram.EMPTY.meanMicros()).isNaN();
    }
}
