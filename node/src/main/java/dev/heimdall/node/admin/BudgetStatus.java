package dev.heimdall.node.admin;

/**
 * What one budget has used in its current period (or rolling window): settled spend and in-flight reservations, in
 * micro-USD, and when the period resets (null for a rolling budget, which never resets at once).
 */
public record BudgetStatus(long spentMicros, long reservedMicros, Long resetAtMillis) {
}
