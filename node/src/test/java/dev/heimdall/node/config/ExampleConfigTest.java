package dev.heimdall.node.config;

import dev.heimdall.governance.guardrails.Category;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The quick-start file the README points to must always load. */
class ExampleConfigTest {

    private static final Path LOCAL = Path.of("..", "deploy", "examples", "local.yaml");

    @Test
    void localExampleRoutesToTheMockProvider() {
        HeimdallConfig config = new ConfigLoader(Set.of("openai", "anthropic"), Map.of()).load(LOCAL);

        assertThat(config.server().host()).isEqualTo("127.0.0.1");
        assertThat(config.server().port()).isEqualTo(8080);
        ProviderConfig openai = config.providers().get("openai");
        ProviderConfig anthropic = config.providers().get("anthropic");
        assertThat(openai.baseUrl()).isEqualTo(URI.create("http://127.0.0.1:9090/openai"));
        assertThat(anthropic.baseUrl()).isEqualTo(URI.create("http://127.0.0.1:9090/anthropic"));
        assertThat(openai.keys()).extracting(ProviderKeyConfig::value).containsExactly("sk-mock-openai");
        assertThat(anthropic.keys()).extracting(ProviderKeyConfig::value).containsExactly("sk-ant-mock");
        assertThat(openai.models()).containsExactly("gpt-4o", "gpt-4o-mini", "text-embedding-3-small");
        assertThat(anthropic.models()).containsExactly("claude-sonnet-4-5", "claude-haiku-4-5");
        assertThat(config.models().get("smart")).isEqualTo(new ModelAliasConfig("smart",
                List.of(new TargetConfig("openai", "gpt-4o", 70, null), new TargetConfig("anthropic", "claude-sonnet-4-5", 30, null)),
                List.of(new TargetConfig("openai", "gpt-4o-mini", 1, null))));
        assertThat(config.models().get("fast")).isEqualTo(new ModelAliasConfig("fast",
                List.of(new TargetConfig("anthropic", "claude-haiku-4-5", 1, null)),
                List.of(new TargetConfig("openai", "gpt-4o-mini", 1, null))));
    }

    @Test
    void theGovernedBenchmarkConfigLoadsWithGuardrailsOnInputOnly() {
        HeimdallConfig config = new ConfigLoader(Set.of("openai"), Map.of("HEIMDALL_BENCH_PORT", "19080",
                "HEIMDALL_BENCH_MOCK", "http://127.0.0.1:9090", "HEIMDALL_BENCH_CLIENT_KEY", "hk-bench-0123456789abcdefgh"))
                .load(Path.of("..", "loadtest", "bench", "heimdall-governed.yaml"));
        GuardrailPolicyConfig guardrails = config.guardrails().defaultPolicy();
        assertThat(guardrails.rules().categories()).containsOnlyKeys(Category.SECRETS, Category.PII);
        assertThat(guardrails.output()).isFalse();
        assertThat(guardrails.moderation()).isNull();
    }

    @Test
    void localExampleTakesRealKeysFromTheEnvironment() {
        HeimdallConfig config = new ConfigLoader(Set.of("openai", "anthropic"),
                Map.of("OPENAI_API_KEY", "sk-real", "ANTHROPIC_API_KEY", "sk-ant-real")).load(LOCAL);

        assertThat(config.providers().get("openai").keys().get(0).value()).isEqualTo("sk-real");
        assertThat(config.providers().get("anthropic").keys().get(0).value()).isEqualTo("sk-ant-real");
    }
}
