package dev.heimdall.providers.pricing;

import dev.heimdall.providers.canonical.Usage;

/**
 * The cost of one response in micro-USD, in exact integer arithmetic.
 *
 * <p>Input tokens are split into plain, cache-read and cache-write tokens, each at its own price (a missing cache
 * price falls back to the input price); reasoning tokens are part of the output count. The products
 * {@code tokens x micro-USD per million tokens} are summed exactly and divided by one million once, rounding half up:
 * the error is at most half a micro-dollar per response, never accumulated per token class.
 */
public final class CostCalculator {

    private static final long PER_MILLION = 1_000_000L;

    private CostCalculator() {
    }

    public static long costMicros(Price price, Usage usage) {
        long cached = Math.max(0, usage.cachedPromptTokens());
        long written = Math.max(0, usage.cacheCreationTokens());
        long plain = Math.max(0, usage.promptTokens() - cached - written);
        long output = Math.max(0, usage.completionTokens());
        long scaled = Math.multiplyExact(plain, price.input());
        scaled = Math.addExact(scaled, Math.multiplyExact(cached,
                price.cachedInput() != null ? price.cachedInput() : price.input()));
        scaled = Math.addExact(scaled, Math.multiplyExact(written,
                price.cacheWrite() != null ? price.cacheWrite() : price.input()));
        scaled = Math.addExact(scaled, Math.multiplyExact(output, price.output()));
        return (scaled + PER_MILLION / 2) / PER_MILLION;
    }
}
