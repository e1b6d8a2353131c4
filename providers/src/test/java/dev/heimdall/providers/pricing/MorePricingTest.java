package dev.heimdall.providers.pricing;

import org.junit.jupiter.api.Test;

import java.io.InputStream;

import static org.assertj.core.api.Assertions.assertThat;

/** pricing-more.json: Mistral, Groq, DeepSeek, xAI and Cohere models, merged into the built-in catalog. */
class MorePricingTest {

    @Test
    void theListLoadsAndMergesWithoutClashes() throws Exception {
        PricingCatalog more;
        try (InputStream in = getClass().getClassLoader()
                .getResourceAsStream("dev/heimdall/providers/pricing/pricing-more.json")) {
            assertThat(in).isNotNull();
            more = PricingCatalog.load(in, "pricing-more.json");
        }
        assertThat(more.asOf()).isNotBlank();
        PricingCatalog catalog = PricingCatalog.builtIn();
        for (String[] model : new String[][]{{"mistral", "mistral-large-latest"}, {"groq", "llama-3.1-8b-instant"},
                {"deepseek", "deepseek-chat"}, {"xai", "grok-3-mini"}, {"cohere", "command-r-plus"},
                {"cohere", "command-a-03-2025"}, {"cohere", "embed-english-v3.0"}, {"mistral", "codestral"}}) {
            assertThat(catalog.lookup(model[0], model[1])).as(model[1]).isPresent();
        }
        assertThat(catalog.lookup("cohere", "command-r-plus").orElseThrow())
                .isEqualTo(more.lookup("cohere", "command-r-plus").orElseThrow());
    }
}
