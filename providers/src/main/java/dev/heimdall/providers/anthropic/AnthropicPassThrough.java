package dev.heimdall.providers.anthropic;

import dev.heimdall.providers.json.TopLevelFieldRewriter;
import dev.heimdall.providers.spi.TargetContext;
import dev.heimdall.providers.spi.UpstreamRequest;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Sends an Anthropic-format client's own request body to an Anthropic upstream with only {@code model} rewritten,
 * so thinking blocks, cache_control, citations and server tools arrive exactly as the client wrote them. The
 * client's {@code anthropic-version} and {@code anthropic-beta} headers go with it.
 */
public final class AnthropicPassThrough {

    private AnthropicPassThrough() {
    }

    /**
     * @param path            {@code /v1/messages} or {@code /v1/messages/count_tokens}
     * @param anthropicVersion the client's {@code anthropic-version}, or null for the provider's
     * @param anthropicBeta    the client's {@code anthropic-beta}, or null
     */
    public static UpstreamRequest encode(String path, byte[] clientBody, boolean stream, TargetContext target,
                                         String anthropicVersion, String anthropicBeta) {
        byte[] body = TopLevelFieldRewriter.replaceString(clientBody, "model", target.model());
        List<Map.Entry<String, String>> headers = new ArrayList<>();
        for (Map.Entry<String, String> header : AnthropicAdapter.headers(target)) {
            boolean version = header.getKey().equalsIgnoreCase("anthropic-version");
            if (!(version && anthropicVersion != null)) {
                headers.add(header);
            }
        }
        if (anthropicVersion != null) {
            headers.add(Map.entry("anthropic-version", anthropicVersion));
        }
        if (anthropicBeta != null) {
            headers.add(Map.entry("anthropic-beta", anthropicBeta));
        }
        return new UpstreamRequest("POST", path, headers, body, stream);
    }
}
