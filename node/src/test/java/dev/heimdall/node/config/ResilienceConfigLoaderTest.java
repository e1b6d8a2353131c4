package dev.heimdall.node.config;

import dev.heimdall.governance.health.BreakerSettings;
import dev.heimdall.governance.health.HealthSettings;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The {@code health} section, context fallbacks of aliases and rules, and providers' {@code context-windows}. */
class ResilienceConfigLoaderTest {

    private static final String PROVIDERS = """
            providers:
              openai: { type: openai, keys: [ { name: k, value: v } ], context-windows: { small: 8000, gpt-4o: 128000 } }
              gemini: { type: openai, base-url: "http://127.0.0.1:1" }
            """;

    private final ConfigLoader loader = new ConfigLoader(Set.of("openai"), Map.of());

    private HeimdallConfig parse(String yaml) {
        return loader.parse(PROVIDERS + yaml, "heimdall.yaml");
    }

    private void assertRejected(String yaml, String message) {
        assertThatThrownBy(() -> parse(yaml)).isInstanceOf(ConfigException.class).hasMessage(message);
    }

    @Test
    void healthDefaultsAreTheDocumentedOnes() {
        HealthSettings health = parse("").health();
        assertThat(health).isEqualTo(HealthSettings.DEFAULT);
        assertThat(health).isEqualTo(new HealthSettings(Duration.ofSeconds(30), 100, 10, 1.5, Duration.ofMillis(50),
                Duration.ofMinutes(5), new BreakerSettings(5, 0.5, 20, Duration.ofSeconds(10), Duration.ofSeconds(1), 2)));
    }

    @Test
    void readsEveryHealthField() {
        HealthSettings health = parse("""
                health:
                  window: 10s
                  window-size: 50
                  min-samples: 5
                  latency-tolerance: 2.5
                  latency-floor: 10ms
                  baseline-window: 1m
                  circuit-breaker: { consecutive-failures: 3, failure-rate: 0.25, minimum-calls: 8, open-for: 2s,
                                     probe-interval: 200ms, probes-to-close: 4 }
                """).health();
        assertThat(health).isEqualTo(new HealthSettings(Duration.ofSeconds(10), 50, 5, 2.5, Duration.ofMillis(10),
                Duration.ofMinutes(1), new BreakerSettings(3, 0.25, 8, Duration.ofSeconds(2), Duration.ofMillis(200), 4)));
    }

    @Test
    void rejectsBadHealthSettings() {
        assertRejected("health: { windw: 1s }", "heimdall.yaml: health.windw: unknown key; expected one of window, "
                + "window-size, min-samples, latency-tolerance, latency-floor, baseline-window, circuit-breaker");
        assertRejected("health: { latency-tolerance: 0.5 }",
                "heimdall.yaml: health.latency-tolerance: expected a number between 1.0 and 1000.0, got 0.5");
        assertRejected("health: { circuit-breaker: { failure-rate: half } }",
                "heimdall.yaml: health.circuit-breaker.failure-rate: expected a number between 0.01 and 1.0, got \"half\"");
        assertRejected("health: { circuit-breaker: { open-for: 0s } }",
                "heimdall.yaml: health.circuit-breaker.open-for: expected a positive duration such as 500ms, 30s, 5m, 1h or a whole number of milliseconds, got \"0s\"");
    }

    @Test
    void aliasesAndRulesTakeAContextFallbackAndProvidersTheirModelsWindows() {
        HeimdallConfig config = parse("""
                models:
                  chat:
                    targets: [ { provider: openai, model: small } ]
                    context-fallback: { provider: gemini, model: gemini-2.5-pro }
                routing-rules:
                  - { name: r, when: 'true', route: { provider: openai, model: small },
                      context-fallback: { provider: openai, model: gpt-4o } }
                """);
        assertThat(config.models().get("chat").contextFallback())
                .isEqualTo(new TargetConfig("gemini", "gemini-2.5-pro", 1, null));
        assertThat(config.routingRules().get(0).contextFallback()).isEqualTo(new TargetConfig("openai", "gpt-4o", 1, null));
        assertThat(config.providers().get("openai").contextWindows()).isEqualTo(Map.of("small", 8000, "gpt-4o", 128000));
        assertThat(config.providers().get("gemini").contextWindows()).isEmpty();
    }

    @Test
    void rejectsBadContextSettings() {
        assertRejected("models: { chat: { targets: [ { provider: openai, model: small } ], context-fallback: { provider: nope, model: x } } }",
                "heimdall.yaml: models.chat.context-fallback.provider: unknown provider \"nope\"; configured providers: openai, gemini");
        assertThatThrownBy(() -> loader.parse("providers: { openai: { type: openai, context-windows: { small: lots } } }", "heimdall.yaml"))
                .hasMessage("heimdall.yaml: providers.openai.context-windows.small: expected an integer between 1 and 100000000, got \"lots\"");
    }
}
