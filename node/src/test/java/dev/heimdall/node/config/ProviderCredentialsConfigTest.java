package dev.heimdall.node.config;

import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Provider settings and credentials beyond a plain API key: AWS keys, service accounts, Azure deployments. */
class ProviderCredentialsConfigTest {

    private final ConfigLoader loader = new ConfigLoader(Set.of("openai", "bedrock", "vertex", "azure"),
            (type, settings) -> type.equals("bedrock") ? "https://bedrock-runtime." + settings.get("region") + ".amazonaws.com" : null,
            Map.of("AWS_SECRET", "s3cr3t-value"));

    @Test
    void bedrockKeysCarryAwsCredentialsAndTheBaseUrlComesFromTheRegion() {
        HeimdallConfig config = loader.parse("""
                providers:
                  bedrock:
                    type: bedrock
                    region: us-east-1
                    keys:
                      - { name: aws, access-key-id: AKIAEXAMPLE, secret-access-key: "${AWS_SECRET}", session-token: tok, region: eu-west-1 }
                """, "heimdall.yaml");
        ProviderConfig bedrock = config.providers().get("bedrock");
        assertThat(bedrock.baseUrl()).hasToString("https://bedrock-runtime.us-east-1.amazonaws.com");
        assertThat(bedrock.settings()).containsEntry("region", "us-east-1");
        ProviderKeyConfig key = bedrock.keys().get(0);
        assertThat(key.value()).isNull();
        assertThat(key.credential("secret-access-key")).isEqualTo("s3cr3t-value");
        assertThat(key.credential("region")).isEqualTo("eu-west-1");
        assertThat(key.toString()).doesNotContain("s3cr3t-value").doesNotContain("AKIAEXAMPLE");
    }

    @Test
    void bedrockKeyWithoutItsSecretIsRejectedByPath() {
        assertThatThrownBy(() -> loader.parse("""
                providers:
                  bedrock: { type: bedrock, region: us-east-1, keys: [ { name: aws, access-key-id: AKIA } ] }
                """, "heimdall.yaml"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("providers.bedrock.keys[0].secret-access-key");
    }

    @Test
    void vertexKeysNeedAServiceAccount() {
        assertThatThrownBy(() -> loader.parse("""
                providers:
                  vertex: { type: vertex, base-url: "https://us-central1-aiplatform.googleapis.com", project: p, location: us-central1, keys: [ { name: sa, value: x } ] }
                """, "heimdall.yaml"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("providers.vertex.keys[0].service-account");
    }

    @Test
    void azureKeysMapModelsToDeploymentsAndMayUseABearerToken() {
        HeimdallConfig config = loader.parse("""
                providers:
                  azure:
                    type: azure
                    base-url: "https://corp.openai.azure.com"
                    api-version: 2024-10-21
                    keys:
                      - { name: entra, bearer-token: eyJ.token, deployments: { gpt-4o: prod-gpt4o } }
                """, "heimdall.yaml");
        ProviderConfig azure = config.providers().get("azure");
        assertThat(azure.settings()).containsEntry("api-version", "2024-10-21");
        assertThat(azure.keys().get(0).deployments()).containsEntry("gpt-4o", "prod-gpt4o");
        assertThat(azure.keys().get(0).credential("bearer-token")).isEqualTo("eyJ.token");
    }

    @Test
    void providerWithoutADefaultBaseUrlNeedsOne() {
        assertThatThrownBy(() -> loader.parse("providers: { azure: { type: azure, keys: [ { name: k, value: v } ] } }", "heimdall.yaml"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("providers.azure.base-url");
    }
}
