package dev.heimdall.loadtest.mock;

import io.vertx.core.http.HttpServerRequest;

/**
 * One provider's wire format, served under {@code /<name>/...}. Implementations live in one subpackage per format
 * and see a request only through {@link Exchange}.
 */
public interface ProviderMock {

    /** The path prefix and the {@link RecordedRequest#provider()} value, e.g. {@code openai}. */
    String name();

    /** The API key of a request as this provider carries it, or null. */
    String apiKey(HttpServerRequest request);

    /** Handles a request whose body has been read; must answer through {@code exchange}. */
    void handle(Exchange exchange);

    /** An error body in this provider's shape for an injected {@code status}. */
    byte[] faultBody(int status);
}
