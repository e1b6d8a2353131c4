package dev.heimdall.providers;

import dev.heimdall.providers.openai.OpenAiAdapter;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AdapterRegistryTest {

    @Test
    void findsBuiltInAdaptersByType() {
        AdapterRegistry registry = AdapterRegistry.defaults();
        assertThat(registry.types()).contains("openai", "anthropic", "bedrock", "gemini", "vertex", "azure", "cohere", "groq");
        assertThat(registry.find("openai")).get().extracting(a -> a.type()).isEqualTo("openai");
        assertThat(registry.find("anthropic")).get().extracting(a -> a.type()).isEqualTo("anthropic");
        assertThat(registry.find("no-such-format")).isEmpty();
        assertThat(registry.find(null)).isEmpty();
    }

    @Test
    void rejectsTwoAdaptersOfOneType() {
        assertThatThrownBy(() -> new AdapterRegistry(List.of(new OpenAiAdapter(), new OpenAiAdapter())))
                .hasMessageContaining("openai");
    }
}
