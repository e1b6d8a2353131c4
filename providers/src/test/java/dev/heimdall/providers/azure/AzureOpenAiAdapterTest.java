package dev.heimdall.providers.azure;

import dev.heimdall.providers.Fixtures;
import dev.heimdall.providers.canonical.ChatRequest;
import dev.heimdall.providers.canonical.EmbeddingRequest;
import dev.heimdall.providers.canonical.FinishReason;
import dev.heimdall.providers.canonical.Message;
import dev.heimdall.providers.canonical.Role;
import dev.heimdall.providers.openai.OpenAiAdapter;
import dev.heimdall.providers.spi.ProviderError;
import dev.heimdall.providers.spi.TargetContext;
import dev.heimdall.providers.spi.UpstreamRequest;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class AzureOpenAiAdapterTest {

    private final OpenAiAdapter adapter = AzureOpenAiDialect.adapter();
    private final ChatRequest hello = ChatRequest.of("m", List.of(Message.text(Role.USER, "Hello")));

    @Test
    void addressesTheDeploymentWithTheApiVersionAndAnApiKeyHeader() {
        TargetContext target = new TargetContext("gpt-4o", "az-secret", null, null, Map.of(),
                Map.of(TargetContext.DEPLOYMENT, "prod-4o", TargetContext.API_VERSION, "2025-01-01-preview"));

        UpstreamRequest upstream = adapter.encodeChat(hello, target);

        assertThat(adapter.type()).isEqualTo("azure");
        assertThat(adapter.defaultBaseUrl(Map.of())).isNull();
        assertThat(upstream.path()).isEqualTo("/openai/deployments/prod-4o/chat/completions?api-version=2025-01-01-preview");
        assertThat(upstream.headers()).containsExactly(Map.entry("content-type", "application/json"),
                Map.entry("api-key", "az-secret"));
        assertThat(Fixtures.json(upstream.body()).get("max_completion_tokens")).isNull();
        assertThat(Fixtures.json(upstream.body()).get("model").asText()).isEqualTo("gpt-4o");
    }

    @Test
    void deploymentDefaultsToTheModelAndVersionToTheGaOne() {
        TargetContext target = TargetContext.of("text-embedding-3-small", "k");
        assertThat(adapter.encodeChat(hello, target).path())
                .isEqualTo("/openai/deployments/text-embedding-3-small/chat/completions?api-version=2024-10-21");
        assertThat(adapter.encodeEmbeddings(new EmbeddingRequest("x", List.of("a"), null, null, null, null), target)
                .path()).isEqualTo("/openai/deployments/text-embedding-3-small/embeddings?api-version=2024-10-21");
        assertThat(adapter.supportsEmbeddings()).isTrue();
    }

    @Test
    void withoutAKeyValueNoAuthHeaderIsSentSoTheNodeCanAddABearerToken() {
        UpstreamRequest upstream = adapter.encodeChat(hello, TargetContext.of("gpt-4o", null));
        assertThat(upstream.headers()).containsExactly(Map.entry("content-type", "application/json"));
    }

    @Test
    void contentFilterErrorsAndFinishReasonsFollowOpenAi() {
        byte[] body = ("{\"error\":{\"message\":\"The response was filtered due to the prompt triggering Azure "
                + "OpenAI's content management policy.\",\"type\":null,\"param\":\"prompt\",\"code\":\"content_filter\","
                + "\"status\":400,\"innererror\":{\"code\":\"ResponsibleAIPolicyViolation\"}}}")
                .getBytes(StandardCharsets.UTF_8);
        assertThat(adapter.classifyError(400, null, body)).isInstanceOfSatisfying(ProviderError.BadRequest.class,
                e -> assertThat(e.code()).isEqualTo("content_filter"));
        byte[] filtered = ("{\"id\":\"c\",\"object\":\"chat.completion\",\"created\":1,\"model\":\"gpt-4o\","
                + "\"choices\":[{\"index\":0,\"finish_reason\":\"content_filter\",\"message\":{\"role\":\"assistant\","
                + "\"content\":null},\"content_filter_results\":{\"hate\":{\"filtered\":true,\"severity\":\"high\"}}}]}")
                .getBytes(StandardCharsets.UTF_8);
        assertThat(adapter.decodeChat(filtered).choices().get(0).finishReason()).isEqualTo(FinishReason.CONTENT_FILTER);
    }

    @Test
    void plainOpenAiIsUnchanged() {
        OpenAiAdapter openAi = new OpenAiAdapter();
        UpstreamRequest upstream = openAi.encodeChat(hello, TargetContext.of("gpt-4o", "sk"));
        assertThat(openAi.type()).isEqualTo("openai");
        assertThat(upstream.path()).isEqualTo("/v1/chat/completions");
        assertThat(upstream.headers()).contains(Map.entry("Authorization", "Bearer sk"));
    }
}
