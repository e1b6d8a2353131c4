package dev.heimdall.node.observability;

import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class GatewayMetricsTest {

    private final GatewayMetrics metrics = new GatewayMetrics();
    private final MeterRegistry registry = metrics.registry();

    @Test
    void eachTagCombinationCountsInItsOwnMeterAndRepeatsAddToIt() {
        metrics.recordRequest("openai", "openai", "gpt-4o", 200);
        metrics.recordRequest("openai", "openai", "gpt-4o", 200);
        metrics.recordRequest("openai", "openai", "gpt-4o", 429);
        metrics.recordRequest("anthropic", "openai", "gpt-4o", 200);
        metrics.recordRequest("openai", "openai", "gpt-4o-mini", 200);
        metrics.recordRequest("openai", "none", "none", 1_000);

        assertThat(requests("openai", "openai", "gpt-4o", "200")).isEqualTo(2);
        assertThat(requests("openai", "openai", "gpt-4o", "429")).isEqualTo(1);
        assertThat(requests("anthropic", "openai", "gpt-4o", "200")).isEqualTo(1);
        assertThat(requests("openai", "openai", "gpt-4o-mini", "200")).isEqualTo(1);
        assertThat(requests("openai", "none", "none", "1000")).isEqualTo(1);
        assertThat(registry.find("heimdall.requests").counters()).hasSize(5);
    }

    @Test
    void tagValuesThatWouldJoinIntoTheSameStringStayApart() {
        // a key built by joining tags must never let ("a:b", "c") and ("a", "b:c") share a meter
        metrics.recordUsage("a:b", "c", 1, 2, 0);
        metrics.recordUsage("a", "b:c", 10, 20, 3_000_000);

        assertThat(registry.get("heimdall.tokens").tags("provider", "a:b", "model", "c", "kind", "prompt").counter()
                .count()).isEqualTo(1);
        assertThat(registry.get("heimdall.tokens").tags("provider", "a", "model", "b:c", "kind", "completion")
                .counter().count()).isEqualTo(20);
        assertThat(registry.get("heimdall.cost.usd").tags("provider", "a", "model", "b:c").counter().count())
                .isEqualTo(3.0);
    }

    @Test
    void statusTagsAreTheNumbersAsText() {
        assertThat(GatewayMetrics.statusTag(0)).isEqualTo("0");
        assertThat(GatewayMetrics.statusTag(499)).isEqualTo("499");
        assertThat(GatewayMetrics.statusTag(599)).isEqualTo("599");
        assertThat(GatewayMetrics.statusTag(600)).isEqualTo("600");
        assertThat(GatewayMetrics.statusTag(-1)).isEqualTo("-1");
    }

    private double requests(String ingress, String provider, String model, String status) {
        return registry.get("heimdall.requests")
                .tags("ingress", ingress, "provider", provider, "model", model, "status", status).counter().count();
    }
}
