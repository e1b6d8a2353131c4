package dev.heimdall.governance.budget;

/**
 * What admission reserves for a request before it knows the actual usage.
 *
 * @param micros       estimated cost in micro-USD: 0 when the model has no price
 * @param promptTokens estimated prompt size
 * @param outputTokens the most output the request can produce: its {@code max_tokens}, or the default
 * @param priced       false when the pricing catalog does not know the model, so the estimate (and the actual cost)
 *                     is 0 and budgets do not hold such requests back: a caller can flag them
 */
public record CostEstimate(long micros, long promptTokens, long outputTokens, boolean priced) {
}
