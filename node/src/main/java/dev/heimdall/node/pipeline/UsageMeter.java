package dev.heimdall.node.pipeline;

import dev.heimdall.providers.canonical.Usage;
import dev.heimdall.providers.pricing.CostCalculator;
import dev.heimdall.providers.pricing.Price;
import dev.heimdall.providers.pricing.PricingCatalog;

import java.util.Optional;

/** Prices a response's usage with the pricing catalog. */
public final class UsageMeter {

    /** Returned when the catalog has no price for the model: the request is served and the gap is visible. */
    public static final long UNPRICED = -1;

    private final PricingCatalog catalog;

    public UsageMeter(PricingCatalog catalog) {
        this.catalog = catalog;
    }

    public long costMicros(String providerType, String model, Usage usage) {
        if (usage == null) {
            return 0;
        }
        Optional<Price> price = catalog.lookup(providerType, model);
        return price.isPresent() ? CostCalculator.costMicros(price.get(), usage) : UNPRICED;
    }
}
