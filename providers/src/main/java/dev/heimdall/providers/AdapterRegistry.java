package dev.heimdall.providers;

import dev.heimdall.providers.anthropic.AnthropicAdapter;
import dev.heimdall.providers.bedrock.BedrockAdapter;
import dev.heimdall.providers.gemini.GeminiAdapter;
import dev.heimdall.providers.azure.AzureOpenAiDialect;
import dev.heimdall.providers.cohere.CohereAdapter;
import dev.heimdall.providers.openai.OpenAiAdapter;
import dev.heimdall.providers.openai.OpenAiCompatiblePreset;
import dev.heimdall.providers.spi.ProviderAdapter;
import dev.heimdall.providers.vertex.VertexAdapter;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The provider wire formats the gateway speaks, by their configuration name ({@code type:} in a provider). */
public final class AdapterRegistry {

    private final Map<String, ProviderAdapter> adapters;

    public AdapterRegistry(List<ProviderAdapter> adapters) {
        Map<String, ProviderAdapter> byType = new LinkedHashMap<>();
        for (ProviderAdapter adapter : adapters) {
            if (byType.putIfAbsent(adapter.type(), adapter) != null) {
                throw new IllegalArgumentException("two adapters for provider type '" + adapter.type() + "'");
            }
        }
        this.adapters = Map.copyOf(byType);
    }

    /** Every built-in adapter with its default settings. */
    public static AdapterRegistry defaults() {
        List<ProviderAdapter> adapters = new ArrayList<>(List.of(new OpenAiAdapter(), new AnthropicAdapter(),
                new BedrockAdapter(), new GeminiAdapter(), new VertexAdapter(), new CohereAdapter()));
        adapters.add(AzureOpenAiDialect.adapter());
        OpenAiCompatiblePreset.ALL.forEach(preset -> adapters.add(new OpenAiAdapter(preset)));
        return new AdapterRegistry(adapters);
    }

    public Optional<ProviderAdapter> find(String type) {
        return type == null ? Optional.empty() : Optional.ofNullable(adapters.get(type));
    }

    public Set<String> types() {
        return adapters.keySet();
    }
}
