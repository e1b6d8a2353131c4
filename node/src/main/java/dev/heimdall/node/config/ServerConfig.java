package dev.heimdall.node.config;

import java.time.Duration;
import java.util.Objects;

/**
 * The gateway's HTTP server.
 *
 * @param host           the address to bind, {@code 0.0.0.0} by default
 * @param port           the port to bind, 8080 by default
 * @param maxBodyBytes   the largest request body accepted, 8 MiB by default
 * @param eventLoops     the number of Vert.x event loops, the number of available processors by default
 * @param requestTimeout the longest a request may take end to end, 600 s by default
 * @param drainTimeout   how long a draining or stopping node waits for the requests it serves (streams included)
 *                       before it closes them, 30 s by default
 */
public record ServerConfig(String host, int port, long maxBodyBytes, int eventLoops, Duration requestTimeout,
                           Duration drainTimeout) {

    public static final String DEFAULT_HOST = "0.0.0.0";
    public static final int DEFAULT_PORT = 8080;
    public static final long DEFAULT_MAX_BODY_BYTES = 8L * 1024 * 1024;
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(600);
    public static final Duration DEFAULT_DRAIN_TIMEOUT = Duration.ofSeconds(30);

    public ServerConfig {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(requestTimeout, "requestTimeout");
        Objects.requireNonNull(drainTimeout, "drainTimeout");
    }

    /** The server used when the file has no {@code server} section. */
    public static ServerConfig defaults() {
        return new ServerConfig(DEFAULT_HOST, DEFAULT_PORT, DEFAULT_MAX_BODY_BYTES, defaultEventLoops(), DEFAULT_REQUEST_TIMEOUT,
                DEFAULT_DRAIN_TIMEOUT);
    }

    static int defaultEventLoops() {
        return Runtime.getRuntime().availableProcessors();
    }
}
