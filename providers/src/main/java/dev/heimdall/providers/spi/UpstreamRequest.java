package dev.heimdall.providers.spi;

import java.util.List;
import java.util.Map;

/**
 * An HTTP request an adapter wants sent. The node resolves {@code path} against the provider's base URL (whose own
 * path, e.g. {@code /openai}, is kept as a prefix) and sends it on a pooled client.
 *
 * @param path    path and query relative to the base URL, starting with {@code /}
 * @param headers header name/value pairs, credentials included; never logged
 * @param stream  whether the response is a stream to decode incrementally
 * @param origin  {@code scheme://host[:port]} to send to instead of the base URL's (e.g. a Bedrock key in another
 *                region), or null; the base URL's path prefix is then not applied
 */
public record UpstreamRequest(String method, String path, List<Map.Entry<String, String>> headers, byte[] body,
                              boolean stream, String origin) {

    public UpstreamRequest {
        headers = List.copyOf(headers);
    }

    public UpstreamRequest(String method, String path, List<Map.Entry<String, String>> headers, byte[] body,
                           boolean stream) {
        this(method, path, headers, body, stream, null);
    }

    public UpstreamRequest withHeaders(List<Map.Entry<String, String>> newHeaders) {
        return new UpstreamRequest(method, path, newHeaders, body, stream, origin);
    }
}
