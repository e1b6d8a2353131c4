package dev.heimdall.providers.openai;

import com.fasterxml.jackson.databind.JsonNode;
import dev.heimdall.providers.AdapterRegistry;
import dev.heimdall.providers.Fixtures;
import dev.heimdall.providers.canonical.ChatRequest;
import dev.heimdall.providers.canonical.EmbeddingRequest;
import dev.heimdall.providers.spi.ProviderAdapter;
import dev.heimdall.providers.spi.ProviderError;
import dev.heimdall.providers.spi.ProviderException;
import dev.heimdall.providers.spi.TargetContext;
import dev.heimdall.providers.spi.UpstreamRequest;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OpenAiCompatiblePresetTest {

    private static final String FULL = "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}],"
            + "\"max_completion_tokens\":20,\"seed\":5,\"user\":\"u1\",\"logprobs\":true,\"top_logprobs\":2,"
            + "\"logit_bias\":{\"50256\":-100},\"n\":1,\"temperature\":0.5,\"stream\":true}";

    private static OpenAiAdapter preset(String type) {
        ProviderAdapter adapter = AdapterRegistry.defaults().find(type).orElseThrow();
        return (OpenAiAdapter) adapter;
    }

    private static UpstreamRequest encode(String type, String json) {
        return preset(type).encodeChat(OpenAiChatParser.parse(Fixtures.json(json)), TargetContext.of("model-x", "k"));
    }

    @Test
    void everyPresetIsRegisteredWithItsDefaultBaseUrl() {
        AdapterRegistry registry = AdapterRegistry.defaults();
        for (OpenAiCompatiblePreset preset : OpenAiCompatiblePreset.ALL) {
            assertThat(registry.find(preset.type())).as(preset.type()).isPresent();
        }
        assertThat(preset("groq").defaultBaseUrl(Map.of())).isEqualTo("https://api.groq.com/openai");
        assertThat(preset("ollama").defaultBaseUrl(Map.of())).isEqualTo("http://127.0.0.1:11434");
        assertThat(preset("vllm").defaultBaseUrl(Map.of())).isNull();
        assertThat(registry.types()).contains("openai", "anthropic", "azure", "cohere", "mistral", "lmstudio");
    }

    @Test
    void mistralDropsRejectedFieldsAndRenamesSeedAndMaxTokens() {
        UpstreamRequest upstream = encode("mistral", FULL);
        JsonNode body = Fixtures.json(upstream.body());

        assertThat(upstream.path()).isEqualTo("/v1/chat/completions");
        assertThat(body.get("max_tokens").asInt()).isEqualTo(20);
        assertThat(body.get("random_seed").asInt()).isEqualTo(5);
        assertThat(body.get("temperature").asDouble()).isEqualTo(0.5);
        assertThat(body.get("stream").asBoolean()).isTrue();
        for (String gone : List.of("max_completion_tokens", "seed", "user", "logprobs", "top_logprobs", "logit_bias",
                "stream_options")) {
            assertThat(body.has(gone)).as(gone).isFalse();
        }
    }

    @Test
    void groqDropsLogprobsAndSingleChoiceN() {
        JsonNode body = Fixtures.json(encode("groq", FULL).body());
        assertThat(body.get("max_tokens").asInt()).isEqualTo(20);
        assertThat(body.get("seed").asInt()).isEqualTo(5);
        assertThat(body.get("user").asText()).isEqualTo("u1");
        assertThat(body.has("n")).isFalse();
        assertThat(body.has("logprobs")).isFalse();
        assertThat(body.has("logit_bias")).isFalse();
        assertThat(body.path("stream_options").path("include_usage").asBoolean()).isTrue();

        assertThatThrownBy(() -> encode("groq", FULL.replace("\"n\":1", "\"n\":3")))
                .isInstanceOfSatisfying(ProviderException.class, e -> assertThat(e.error())
                        .isInstanceOfSatisfying(ProviderError.BadRequest.class, b -> assertThat(b.param()).isEqualTo("n")));
    }

    @Test
    void maxTokensAlreadyPresentWinsOverTheRename() {
        JsonNode body = Fixtures.json(encode("deepseek", "{\"model\":\"m\",\"messages\":[{\"role\":\"user\","
                + "\"content\":\"Hi\"}],\"max_tokens\":7,\"max_completion_tokens\":20}").body());
        assertThat(body.get("max_tokens").asInt()).isEqualTo(7);
        assertThat(body.has("max_completion_tokens")).isFalse();
    }

    @Test
    void canonicalRequestsAreAdaptedToo() {
        ChatRequest request = new ChatRequest("m", OpenAiChatParser.parse(Fixtures.json(FULL)).messages(), List.of(),
                null, null, null, 33, List.of(), false, false, null, null, 9L, "u", null, null, null, Map.of(), null);
        JsonNode body = Fixtures.json(preset("mistral").encodeChat(request, TargetContext.of("m", "k")).body());
        assertThat(body.get("max_tokens").asInt()).isEqualTo(33);
        assertThat(body.get("random_seed").asInt()).isEqualTo(9);
        assertThat(body.has("user")).isFalse();
    }

    @Test
    void deepseekAndPerplexityUseTheirPathsAndPerplexityRejectsTools() {
        assertThat(encode("deepseek", FULL).path()).isEqualTo("/chat/completions");
        assertThat(encode("perplexity", FULL).path()).isEqualTo("/chat/completions");
        assertThatThrownBy(() -> encode("perplexity", "{\"model\":\"m\",\"messages\":[{\"role\":\"user\","
                + "\"content\":\"Hi\"}],\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"f\"}}]}"))
                .isInstanceOfSatisfying(ProviderException.class, e -> assertThat(e.error())
                        .isInstanceOfSatisfying(ProviderError.BadRequest.class, b -> {
                            assertThat(b.param()).isEqualTo("tools");
                            assertThat(b.message()).contains("perplexity");
                        }));
    }

    @Test
    void embeddingsFollowTheChatPathAndSupport() {
        EmbeddingRequest request = new EmbeddingRequest("e", List.of("a"), null, null, "u", null);
        assertThat(preset("mistral").encodeEmbeddings(request, TargetContext.of("mistral-embed", "k")).path())
                .isEqualTo("/v1/embeddings");
        assertThat(Fixtures.json(preset("mistral").encodeEmbeddings(request, TargetContext.of("mistral-embed", "k"))
                .body()).has("user")).isFalse();
        assertThat(preset("groq").supportsEmbeddings()).isFalse();
        assertThat(preset("ollama").supportsEmbeddings()).isTrue();
    }

    @Test
    void localServersWithoutAKeyGetNoAuthHeader() {
        UpstreamRequest upstream = preset("ollama").encodeChat(OpenAiChatParser.parse(Fixtures.json(FULL)),
                TargetContext.of("llama3.2", null));
        assertThat(upstream.headers()).containsExactly(Map.entry("content-type", "application/json"));
    }
}
