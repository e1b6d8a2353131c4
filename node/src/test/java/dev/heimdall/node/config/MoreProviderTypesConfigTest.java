package dev.heimdall.node.config;

import dev.heimdall.node.HeimdallNode;
import dev.heimdall.node.upstream.UpstreamAuthorizers;
import dev.heimdall.node.upstream.auth.AzureBearerAuthorizer;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The provider types of Azure, Cohere and the OpenAI-compatible presets, as the node's real loader sees them. */
class MoreProviderTypesConfigTest {

    private final ConfigLoader loader = HeimdallNode.configLoader(Map.of());

    @Test
    void presetsAndCohereHaveDefaultBaseUrlsAndLocalServersNeedNoKeys() {
        HeimdallConfig config = loader.parse("""
                providers:
                  cohere: { type: cohere, keys: [ { name: k, value: co } ] }
                  groq: { type: groq, keys: [ { name: k, value: gsk } ] }
                  deepseek: { type: deepseek, keys: [ { name: k, value: sk } ] }
                  ollama: { type: ollama }
                  lmstudio: { type: lmstudio }
                """, "heimdall.yaml");
        assertThat(config.providers().get("cohere").baseUrl()).hasToString("https://api.cohere.com");
        assertThat(config.providers().get("groq").baseUrl()).hasToString("https://api.groq.com/openai");
        assertThat(config.providers().get("deepseek").baseUrl()).hasToString("https://api.deepseek.com");
        assertThat(config.providers().get("ollama").baseUrl()).hasToString("http://127.0.0.1:11434");
        assertThat(config.providers().get("ollama").keys()).isEmpty();
        assertThat(config.providers().get("lmstudio").baseUrl()).hasToString("http://127.0.0.1:1234");
    }

    @Test
    void azureAndVllmNeedABaseUrl() {
        for (String type : new String[]{"azure", "vllm"}) {
            assertThatThrownBy(() -> loader.parse("providers:\n  p: { type: " + type + " }\n", "heimdall.yaml"))
                    .as(type)
                    .isInstanceOf(ConfigException.class)
                    .hasMessageContaining("providers.p.base-url");
        }
    }

    @Test
    void azureProvidersGetTheBearerAuthorizer() {
        HeimdallConfig config = loader.parse("""
                providers:
                  azure: { type: azure, base-url: "https://corp.openai.azure.com", keys: [ { name: e, bearer-token: t } ] }
                """, "heimdall.yaml");
        Vertx vertx = Vertx.vertx();
        try {
            assertThat(UpstreamAuthorizers.forProvider(vertx, config.providers().get("azure")))
                    .isInstanceOf(AzureBearerAuthorizer.class);
        } finally {
            vertx.close();
        }
    }
}
