package dev.heimdall.loadtest.bench.sut;

import java.net.URI;
import java.util.Map;

/**
 * Where and how a client reaches a system's OpenAI chat completions API.
 *
 * @param chatUrl the chat completions URL
 * @param model   the model name the request carries
 * @param headers headers every request carries besides the content type and the key
 */
public record Endpoint(URI chatUrl, String model, Map<String, String> headers) {
    public Endpoint {
        headers = Map.copyOf(headers);
    }
}
