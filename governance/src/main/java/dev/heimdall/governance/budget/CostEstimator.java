package dev.heimdall.governance.budget;

import dev.heimdall.providers.anthropic.AnthropicAdapter;
import dev.heimdall.providers.canonical.ChatRequest;
import dev.heimdall.providers.canonical.Usage;
import dev.heimdall.providers.pricing.CostCalculator;
import dev.heimdall.providers.pricing.Price;
import dev.heimdall.providers.pricing.PricingCatalog;
import dev.heimdall.providers.tokens.TokenEstimator;

import java.util.Optional;

/**
 * Estimates a request's cost for its budget reservation: the estimated prompt plus the most output it can produce,
 * at the model's list prices. The most output is the request's {@code max_tokens}; without one it is
 * {@link #DEFAULT_OUTPUT_TOKENS}, the same limit the gateway sends to providers that require one (Anthropic). A
 * response that runs longer than that is still charged in full at settlement: the estimate bounds concurrency, not
 * the bill.
 */
public final class CostEstimator {

    public static final int DEFAULT_OUTPUT_TOKENS = AnthropicAdapter.DEFAULT_MAX_TOKENS;

    private final PricingCatalog catalog;
    private final long defaultOutputTokens;

    public CostEstimator(PricingCatalog catalog) {
        this(catalog, DEFAULT_OUTPUT_TOKENS);
    }

    public CostEstimator(PricingCatalog catalog, long defaultOutputTokens) {
        if (defaultOutputTokens < 0) {
            throw new IllegalArgumentException("defaultOutputTokens must not be negative");
        }
        this.catalog = catalog;
        this.defaultOutputTokens = defaultOutputTokens;
    }

    public CostEstimate estimate(ChatRequest request, String providerType, String model) {
        return estimate(providerType, model, TokenEstimator.estimatePrompt(request), request.maxTokens());
    }

    /**
     * @param promptTokens the prompt's estimated size, when the caller has it already
     * @param maxTokens    the request's output limit, or null for the default (0 for requests without output, such
     *                     as embeddings)
     */
    public CostEstimate estimate(String providerType, String model, long promptTokens, Integer maxTokens) {
        long output = maxTokens == null ? defaultOutputTokens : Math.max(0, maxTokens);
        Optional<Price> price = catalog.lookup(providerType, model);
        if (price.isEmpty()) {
            return new CostEstimate(0, promptTokens, output, false);
        }
        return new CostEstimate(CostCalculator.costMicros(price.get(), Usage.of(promptTokens, output)),
                promptTokens, output, true);
    }
}
