package dev.heimdall.governance.budget;

import dev.heimdall.providers.canonical.ChatRequest;
import dev.heimdall.providers.canonical.Message;
import dev.heimdall.providers.canonical.Role;
import dev.heimdall.providers.pricing.Price;
import dev.heimdall.providers.pricing.PricingCatalog;
import dev.heimdall.providers.tokens.TokenEstimator;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class CostEstimatorTest {

    private final CostEstimator estimator = new CostEstimator(PricingCatalog.builtIn());

    private static ChatRequest withMaxTokens(Integer maxTokens) {
        ChatRequest plain = ChatRequest.of("smart", List.of(Message.text(Role.USER, "x".repeat(4_000))));
        return new ChatRequest(plain.model(), plain.messages(), null, null, null, null, maxTokens, null, false, false,
                null, null, null, null, null, null, null, Map.of(), null);
    }

    @Test
    void promptEstimatePlusMaxTokensAtTheModelsPrices() {
        ChatRequest request = withMaxTokens(500);
        long prompt = TokenEstimator.estimatePrompt(request);

        CostEstimate estimate = estimator.estimate(request, "openai", "gpt-4o");

        // gpt-4o: $2.50 per million input tokens, $10 per million output tokens
        assertThat(estimate).isEqualTo(new CostEstimate((prompt * 2_500_000 + 500L * 10_000_000 + 500_000) / 1_000_000,
                prompt, 500, true));
        assertThat(prompt).isGreaterThan(1_000);
    }

    @Test
    void withoutMaxTokensTheDefaultOutputLimitIsAssumed() {
        CostEstimate estimate = estimator.estimate(withMaxTokens(null), "anthropic", "claude-sonnet-4-5");

        assertThat(estimate.outputTokens()).isEqualTo(CostEstimator.DEFAULT_OUTPUT_TOKENS).isEqualTo(4_096);
        assertThat(new CostEstimator(PricingCatalog.builtIn(), 1_000).estimate("openai", "gpt-4o", 0, null).micros())
                .isEqualTo(10_000);
    }

    @Test
    void anUnpricedModelIsEstimatedAtZeroAndSaysSo() {
        CostEstimate estimate = estimator.estimate(withMaxTokens(100), "vllm", "my-finetune");

        assertThat(estimate.priced()).isFalse();
        assertThat(estimate.micros()).isZero();
        assertThat(estimate.outputTokens()).isEqualTo(100);
    }

    @Test
    void requestsWithoutOutputCostTheirInputOnly() {
        CostEstimator custom = new CostEstimator(new PricingCatalog("2026-01-01", Map.of("embed", Price.of(100_000, 0))));
        assertThat(custom.estimate("openai", "embed", 20_000, 0)).isEqualTo(new CostEstimate(2_000, 20_000, 0, true));
    }
}
