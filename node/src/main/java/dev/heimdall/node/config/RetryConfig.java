package dev.heimdall.node.config;

import java.time.Duration;
import java.util.Objects;

/**
 * How often the attempt loop retries a provider's target before falling to the next one.
 *
 * @param maxRetries     retries after the first attempt, 1 by default; 0 disables retrying
 * @param initialBackoff the ceiling of the first retry's jittered wait, 100 ms by default
 * @param maxBackoff     the largest ceiling of any wait, 2 s by default
 */
public record RetryConfig(int maxRetries, Duration initialBackoff, Duration maxBackoff) {

    public static final RetryConfig DEFAULT = new RetryConfig(1, Duration.ofMillis(100), Duration.ofSeconds(2));

    public RetryConfig {
        Objects.requireNonNull(initialBackoff, "initialBackoff");
        Objects.requireNonNull(maxBackoff, "maxBackoff");
    }
}
