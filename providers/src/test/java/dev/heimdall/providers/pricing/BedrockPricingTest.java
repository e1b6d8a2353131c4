package dev.heimdall.providers.pricing;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class BedrockPricingTest {

    private final PricingCatalog catalog = PricingCatalog.builtIn();

    @Test
    void bedrockModelIdsArePricedUnderTheProviderType() {
        assertThat(catalog.lookup("bedrock", "anthropic.claude-3-5-sonnet-20240620-v1:0"))
                .hasValue(new Price(3_000_000, 15_000_000, null, null));
        assertThat(catalog.lookup("bedrock", "amazon.nova-micro-v1:0"))
                .hasValue(new Price(35_000, 140_000, 8_750L, null));
        assertThat(catalog.lookup("bedrock", "amazon.titan-embed-text-v2:0")).get()
                .extracting(Price::input).isEqualTo(20_000L);
        assertThat(catalog.lookup("bedrock", "cohere.embed-english-v3")).isPresent();
    }

    @Test
    void bedrockIdsDoNotPriceOtherProviders() {
        assertThat(catalog.lookup("openai", "amazon.nova-pro-v1:0")).isEmpty();
    }
}
