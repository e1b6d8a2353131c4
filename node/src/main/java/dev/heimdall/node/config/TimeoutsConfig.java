package dev.heimdall.node.config;

import java.time.Duration;
import java.util.Objects;

/**
 * Upstream timeouts of a provider.
 *
 * @param connect   to open a connection, 5 s by default
 * @param firstByte from sending the request to the first byte of the response, 60 s by default
 * @param idle      the longest silence while a response streams, 30 s by default
 */
public record TimeoutsConfig(Duration connect, Duration firstByte, Duration idle) {

    public static final TimeoutsConfig DEFAULT = new TimeoutsConfig(Duration.ofSeconds(5), Duration.ofSeconds(60), Duration.ofSeconds(30));

    public TimeoutsConfig {
        Objects.requireNonNull(connect, "connect");
        Objects.requireNonNull(firstByte, "firstByte");
        Objects.requireNonNull(idle, "idle");
    }
}
