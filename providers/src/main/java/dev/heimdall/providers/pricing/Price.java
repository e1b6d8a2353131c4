package dev.heimdall.providers.pricing;

/**
 * A model's list prices in micro-USD per million tokens (so $2.50 / MTok is {@code 2_500_000}): integers, so that
 * costs add up without floating-point drift.
 *
 * @param cachedInput input tokens read from the prompt cache; null when the model has no cache discount
 * @param cacheWrite  input tokens written to the prompt cache (Anthropic); null when charged as plain input
 */
public record Price(long input, long output, Long cachedInput, Long cacheWrite) {

    public Price {
        if (input < 0 || output < 0 || (cachedInput != null && cachedInput < 0) || (cacheWrite != null && cacheWrite < 0)) {
            throw new IllegalArgumentException("prices must not be negative");
        }
    }

    public static Price of(long input, long output) {
        return new Price(input, output, null, null);
    }
}
