package dev.heimdall.providers.vertex;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.heimdall.providers.anthropic.AnthropicAdapter;
import dev.heimdall.providers.canonical.ChatRequest;
import dev.heimdall.providers.canonical.ChatResponse;
import dev.heimdall.providers.gemini.GeminiCodec;
import dev.heimdall.providers.spi.ProviderAdapter;
import dev.heimdall.providers.spi.ProviderError;
import dev.heimdall.providers.spi.StreamDecoder;
import dev.heimdall.providers.spi.TargetContext;
import dev.heimdall.providers.spi.UpstreamRequest;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Vertex AI: Google's Gemini models ({@code publishers/google}, the {@link GeminiCodec} format) and Anthropic's
 * Claude models ({@code publishers/anthropic}, chosen for model names starting {@code claude-}) under
 * {@code /v1/projects/{project}/locations/{location}/publishers/...}. For Claude the body is Anthropic's Messages body
 * without {@code model} (it is in the URL) and with {@code anthropic_version: vertex-2023-10-16}, sent to
 * {@code :rawPredict} or {@code :streamRawPredict}; answers and streams are Anthropic's own format.
 *
 * <p>The credential is an OAuth2 access token the node adds after encoding ({@code Authorization: Bearer}); when a
 * key carries a plain value instead, it is sent as that bearer token. Settings: {@value TargetContext#PROJECT}
 * (required) and {@value TargetContext#LOCATION} (default {@value #DEFAULT_LOCATION}; {@code global} is served by
 * the location-less host).
 *
 * <p>{@link #decodeChat} and {@link #classifyError} are not told the model, so they tell the two formats apart by
 * the body: a Messages response has {@code "type":"message"}, an Anthropic error an {@code error.type}.
 */
public final class VertexAdapter implements ProviderAdapter {

    public static final String TYPE = "vertex";
    public static final String ANTHROPIC_VERSION = "vertex-2023-10-16";
    public static final String DEFAULT_LOCATION = "us-central1";

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final AnthropicAdapter anthropic;
    private final Clock clock;

    public VertexAdapter() {
        this(Clock.systemUTC());
    }

    public VertexAdapter(Clock clock) {
        this.clock = clock;
        this.anthropic = new AnthropicAdapter(AnthropicAdapter.DEFAULT_MAX_TOKENS, clock);
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public String defaultBaseUrl(Map<String, String> settings) {
        String location = settings.getOrDefault(TargetContext.LOCATION, DEFAULT_LOCATION);
        return location.equals("global") ? "https://aiplatform.googleapis.com"
                : "https://" + location + "-aiplatform.googleapis.com";
    }

    /** Whether {@code model} is one of Anthropic's models on Vertex. */
    public static boolean isClaude(String model) {
        return model != null && model.startsWith("claude-");
    }

    @Override
    public UpstreamRequest encodeChat(ChatRequest request, TargetContext target) {
        boolean claude = isClaude(target.model());
        String method;
        byte[] body;
        if (claude) {
            ObjectNode messages = anthropic.encodeBody(request, target);
            messages.remove("model");
            messages.put("anthropic_version", ANTHROPIC_VERSION);
            body = GeminiCodec.write(messages);
            method = request.stream() ? ":streamRawPredict" : ":rawPredict";
        } else {
            body = GeminiCodec.write(GeminiCodec.encodeBody(request));
            method = request.stream() ? ":streamGenerateContent?alt=sse" : ":generateContent";
        }
        return new UpstreamRequest("POST", modelPath(target, claude ? "anthropic" : "google") + method,
                headers(target), body, request.stream());
    }

    static String modelPath(TargetContext target, String publisher) {
        String project = target.setting(TargetContext.PROJECT, null);
        if (project == null || project.isBlank()) {
            throw new IllegalStateException("vertex provider needs the 'project' setting");
        }
        String location = target.setting(TargetContext.LOCATION, DEFAULT_LOCATION);
        return "/v1/projects/" + encode(project) + "/locations/" + encode(location) + "/publishers/" + publisher
                + "/models/" + encode(target.model());
    }

    private static String encode(String segment) {
        return URLEncoder.encode(segment, StandardCharsets.UTF_8);
    }

    private static List<Map.Entry<String, String>> headers(TargetContext target) {
        List<Map.Entry<String, String>> headers = new ArrayList<>(2 + target.headers().size());
        headers.add(Map.entry("content-type", "application/json"));
        if (target.apiKey() != null) {
            String name = target.authHeader() != null ? target.authHeader() : "Authorization";
            String prefix = target.authPrefix() != null ? target.authPrefix() : "Bearer ";
            headers.add(Map.entry(name, prefix + target.apiKey()));
        }
        headers.addAll(target.headers().entrySet());
        return headers;
    }

    @Override
    public ChatResponse decodeChat(byte[] body) {
        return isMessagesBody(body) ? anthropic.decodeChat(body) : GeminiCodec.decode(body, clock);
    }

    private static boolean isMessagesBody(byte[] body) {
        try {
            JsonNode root = MAPPER.readTree(body);
            return root != null && "message".equals(root.path("type").asText());
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public StreamDecoder streamDecoder(ChatRequest request, TargetContext target) {
        return isClaude(target.model()) ? anthropic.streamDecoder(request, target) : GeminiCodec.streamDecoder(clock);
    }

    @Override
    public ProviderError classifyError(int status, String retryAfter, byte[] body) {
        if (body != null && body.length > 0) {
            try {
                JsonNode root = MAPPER.readTree(body);
                if (root != null && root.path("error").path("type").isTextual()) {
                    return anthropic.classifyError(status, retryAfter, body);
                }
            } catch (IOException e) {
                // not JSON: Google's classification by status handles it
            }
        }
        return GeminiCodec.classify(status, retryAfter, body, clock);
    }
}
