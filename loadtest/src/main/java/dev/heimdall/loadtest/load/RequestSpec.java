package dev.heimdall.loadtest.load;

import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import java.net.URI;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * The one request a load repeats.
 *
 * @param url     the target
 * @param method  HTTP method, e.g. {@code POST}
 * @param body    request body (may be empty)
 * @param headers request headers
 */
public record RequestSpec(URI url, String method, byte[] body, Map<String, String> headers) {

    public RequestSpec {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(method, "method");
        body = body == null ? new byte[0] : body;
        headers = Map.copyOf(headers);
    }

    /** Vert.x request options for this request, with an idle timeout of {@code timeoutMs}. */
    RequestOptions options(long timeoutMs) {
        RequestOptions options = new RequestOptions().setAbsoluteURI(url.toString())
                .setMethod(HttpMethod.valueOf(method.toUpperCase(Locale.ROOT)))
                .setIdleTimeout(timeoutMs);
        headers.forEach(options::putHeader);
        return options;
    }
}
