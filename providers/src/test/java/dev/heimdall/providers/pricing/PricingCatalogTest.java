package dev.heimdall.providers.pricing;

import dev.heimdall.providers.canonical.Usage;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PricingCatalogTest {

    private final PricingCatalog catalog = PricingCatalog.builtIn();

    @Test
    void builtInCatalogHasADateAndTheCommonModels() {
        assertThat(catalog.asOf()).matches("\\d{4}-\\d{2}-\\d{2}");
        for (String model : new String[]{"gpt-4o", "gpt-4o-mini", "gpt-4.1", "gpt-4.1-mini", "o3", "o4-mini",
                "gpt-5", "text-embedding-3-small", "text-embedding-3-large", "text-embedding-ada-002"}) {
            assertThat(catalog.lookup("openai", model)).as(model).isPresent();
        }
        for (String model : new String[]{"claude-opus-4-1", "claude-sonnet-4-5", "claude-3-7-sonnet",
                "claude-3-5-sonnet", "claude-3-5-haiku", "claude-haiku-4-5"}) {
            assertThat(catalog.lookup("anthropic", model)).as(model).isPresent();
        }
    }

    @Test
    void pricesAreExactMicroDollarsPerMillionTokens() {
        assertThat(catalog.lookup("openai", "gpt-4o")).contains(new Price(2_500_000, 10_000_000, 1_250_000L, null));
        assertThat(catalog.lookup("openai", "o4-mini")).contains(new Price(1_100_000, 4_400_000, 275_000L, null));
        assertThat(catalog.lookup("anthropic", "claude-sonnet-4-5"))
                .contains(new Price(3_000_000, 15_000_000, 300_000L, 3_750_000L));
    }

    @Test
    void rememberedAnswersStayApartByProviderTypeAndInventedNamesBeyondTheLimitStillAnswerRight() {
        PricingCatalog c = new PricingCatalog("2025-01-01", Map.of(
                "gpt-4o", Price.of(2, 3),
                "azure/gpt-4o", Price.of(20, 30)));
        for (int round = 0; round < 2; round++) {
            assertThat(c.lookup("azure", "gpt-4o-2024-08-06")).contains(Price.of(20, 30));
            assertThat(c.lookup("openai", "gpt-4o-2024-08-06")).contains(Price.of(2, 3));
            assertThat(c.lookup(null, "gpt-4o-2024-08-06")).contains(Price.of(2, 3));
        }
        for (int i = 0; i < 10_000; i++) {
            assertThat(c.lookup("openai", "invented-" + i)).isEmpty();
        }
        assertThat(c.lookup("azure", "gpt-4o-latest")).contains(Price.of(20, 30));
        assertThat(c.lookup("openai", "invented-3")).isEmpty();
    }

    @Test
    void lookupFallsBackFromTypedToPlainToUndatedNames() {
        PricingCatalog c = new PricingCatalog("2025-01-01", Map.of(
                "gpt-4o", Price.of(2, 3),
                "azure/gpt-4o", Price.of(20, 30),
                "gpt-4o-2024-05-13", Price.of(5, 15),
                "claude-3-5-sonnet", Price.of(7, 8)));

        assertThat(c.lookup("azure", "gpt-4o")).contains(Price.of(20, 30));
        assertThat(c.lookup("openai", "gpt-4o")).contains(Price.of(2, 3));
        assertThat(c.lookup(null, "gpt-4o")).contains(Price.of(2, 3));
        assertThat(c.lookup("openai", "gpt-4o-2024-08-06")).contains(Price.of(2, 3));
        assertThat(c.lookup("azure", "gpt-4o-2024-08-06")).contains(Price.of(20, 30));
        assertThat(c.lookup("openai", "gpt-4o-2024-05-13")).as("an exact dated entry wins").contains(Price.of(5, 15));
        assertThat(c.lookup("anthropic", "claude-3-5-sonnet-20241022")).contains(Price.of(7, 8));
        assertThat(c.lookup("anthropic", "claude-3-5-sonnet-latest")).contains(Price.of(7, 8));
        assertThat(c.lookup("openai", "gpt-unknown")).isEmpty();
        assertThat(c.lookup("openai", null)).isEmpty();
    }

    @Test
    void builtInDatedModelIdsResolve() {
        assertThat(catalog.lookup("anthropic", "claude-sonnet-4-5-20250929")).isPresent();
        assertThat(catalog.lookup("openai", "gpt-4o-mini-2024-07-18")).isPresent();
        assertThat(catalog.lookup("openai", "gpt-4o-2024-05-13")).contains(Price.of(5_000_000, 15_000_000));
    }

    @Test
    void costChargesEachTokenClassAtItsPrice() {
        Price gpt4o = new Price(2_500_000, 10_000_000, 1_250_000L, null);
        // 1,000 prompt tokens of which 400 cached; 500 output (incl. 100 reasoning)
        // 600 * 2.5 + 400 * 1.25 + 500 * 10 = 1500 + 500 + 5000 = 7000 micro-USD
        assertThat(CostCalculator.costMicros(gpt4o, new Usage(1_000, 500, 400, 0, 100))).isEqualTo(7_000);

        Price sonnet = new Price(3_000_000, 15_000_000, 300_000L, 3_750_000L);
        // plain 100 * 3 + read 2000 * 0.3 + write 1000 * 3.75 + out 200 * 15 = 300 + 600 + 3750 + 3000
        assertThat(CostCalculator.costMicros(sonnet, new Usage(3_100, 200, 2_000, 1_000, 0))).isEqualTo(7_650);
    }

    @Test
    void missingCachePricesFallBackToInput() {
        assertThat(CostCalculator.costMicros(Price.of(5_000_000, 15_000_000), new Usage(1_000, 0, 600, 400, 0)))
                .isEqualTo(5_000);
    }

    @Test
    void roundsHalfUpOnceOverTheExactSum() {
        Price mini = new Price(150_000, 600_000, 75_000L, null);
        // 1 token * 0.15 = 0.15 micro-USD and 1 token * 0.6: summed 0.75 -> 1
        assertThat(CostCalculator.costMicros(mini, Usage.of(1, 1))).isEqualTo(1);
        // 3 tokens * 0.15 = 0.45 -> 0
        assertThat(CostCalculator.costMicros(mini, Usage.of(3, 0))).isZero();
        // a billion output tokens at $75/MTok = $75,000 exactly, no drift
        assertThat(CostCalculator.costMicros(Price.of(15_000_000, 75_000_000), Usage.of(0, 1_000_000_000L)))
                .isEqualTo(75_000_000_000L);
        assertThat(CostCalculator.costMicros(mini, Usage.ZERO)).isZero();
    }

    @Test
    void rejectsPricesWithMoreThanSixDecimalsNamingThePath() {
        String json = "{\"models\":{\"m\":{\"input\":0.0000001,\"output\":1}}}";
        assertThatThrownBy(() -> PricingCatalog.load(
                new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)), "test.json"))
                .hasMessageContaining("test.json: models.m.input");
        String missing = "{\"models\":{\"m\":{\"input\":1}}}";
        assertThatThrownBy(() -> PricingCatalog.load(
                new ByteArrayInputStream(missing.getBytes(StandardCharsets.UTF_8)), "test.json"))
                .hasMessageContaining("test.json: models.m.output");
    }
}
