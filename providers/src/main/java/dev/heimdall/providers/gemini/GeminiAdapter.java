package dev.heimdall.providers.gemini;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.heimdall.providers.canonical.ChatRequest;
import dev.heimdall.providers.canonical.ChatResponse;
import dev.heimdall.providers.canonical.EmbeddingRequest;
import dev.heimdall.providers.canonical.EmbeddingResponse;
import dev.heimdall.providers.spi.ProviderAdapter;
import dev.heimdall.providers.spi.ProviderError;
import dev.heimdall.providers.spi.StreamDecoder;
import dev.heimdall.providers.spi.TargetContext;
import dev.heimdall.providers.spi.UpstreamRequest;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Google AI Studio's Gemini API: {@code POST /v1beta/models/{model}:generateContent}, {@code :streamGenerateContent
 * ?alt=sse}, {@code :embedContent} (one input) and {@code :batchEmbedContents} (several). The key travels in
 * {@code x-goog-api-key}. Bodies are built and read by {@link GeminiCodec}, which Vertex AI shares.
 *
 * <p>Embeddings come back as float arrays; a client asking for base64 gets them encoded by the ingress
 * ({@link dev.heimdall.providers.canonical.EmbeddingVectors}). Gemini reports no token usage for embeddings.
 */
public final class GeminiAdapter implements ProviderAdapter {

    public static final String TYPE = "gemini";
    static final String API_PREFIX = "/v1beta/models/";

    private final Clock clock;

    public GeminiAdapter() {
        this(Clock.systemUTC());
    }

    /** @param clock for {@code created} timestamps and HTTP-date {@code Retry-After} values */
    public GeminiAdapter(Clock clock) {
        this.clock = clock;
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public String defaultBaseUrl(Map<String, String> settings) {
        return "https://generativelanguage.googleapis.com";
    }

    @Override
    public UpstreamRequest encodeChat(ChatRequest request, TargetContext target) {
        String path = modelPath(target) + (request.stream() ? ":streamGenerateContent?alt=sse" : ":generateContent");
        return new UpstreamRequest("POST", path, headers(target), GeminiCodec.write(GeminiCodec.encodeBody(request)),
                request.stream());
    }

    private static String modelPath(TargetContext target) {
        String version = target.setting(TargetContext.API_VERSION, null);
        String prefix = version == null ? API_PREFIX : "/" + version + "/models/";
        return prefix + URLEncoder.encode(target.model(), StandardCharsets.UTF_8);
    }

    static List<Map.Entry<String, String>> headers(TargetContext target) {
        List<Map.Entry<String, String>> headers = new ArrayList<>(2 + target.headers().size());
        headers.add(Map.entry("content-type", "application/json"));
        if (target.apiKey() != null) {
            String name = target.authHeader() != null ? target.authHeader() : "x-goog-api-key";
            String prefix = target.authPrefix() != null ? target.authPrefix() : "";
            headers.add(Map.entry(name, prefix + target.apiKey()));
        }
        headers.addAll(target.headers().entrySet());
        return headers;
    }

    @Override
    public ChatResponse decodeChat(byte[] body) {
        return GeminiCodec.decode(body, clock);
    }

    @Override
    public StreamDecoder streamDecoder(ChatRequest request, TargetContext target) {
        return GeminiCodec.streamDecoder(clock);
    }

    @Override
    public ProviderError classifyError(int status, String retryAfter, byte[] body) {
        return GeminiCodec.classify(status, retryAfter, body, clock);
    }

    @Override
    public boolean supportsEmbeddings() {
        return true;
    }

    @Override
    public UpstreamRequest encodeEmbeddings(EmbeddingRequest request, TargetContext target) {
        String resource = "models/" + target.model();
        JsonNode body;
        String method;
        if (request.input().size() == 1) {
            body = embedRequest(resource, request.input().get(0), request.dimensions());
            method = ":embedContent";
        } else {
            ObjectNode batch = GeminiCodec.MAPPER.createObjectNode();
            ArrayNode requests = batch.putArray("requests");
            for (String input : request.input()) {
                requests.add(embedRequest(resource, input, request.dimensions()));
            }
            body = batch;
            method = ":batchEmbedContents";
        }
        return new UpstreamRequest("POST", modelPath(target) + method, headers(target), GeminiCodec.write(body),
                false);
    }

    private static ObjectNode embedRequest(String model, String text, Integer dimensions) {
        ObjectNode r = GeminiCodec.MAPPER.createObjectNode();
        r.put("model", model);
        r.putObject("content").putArray("parts").addObject().put("text", text);
        if (dimensions != null) {
            r.put("outputDimensionality", dimensions);
        }
        return r;
    }

    /** {@code {"embedding":{"values":[...]}}} from embedContent, {@code {"embeddings":[...]}} from the batch. */
    @Override
    public EmbeddingResponse decodeEmbeddings(byte[] body) {
        JsonNode root = GeminiCodec.readObject(body, "Gemini embeddings response");
        List<JsonNode> vectors = new ArrayList<>();
        if (root.path("embedding").isObject()) {
            vectors.add(values(root.get("embedding"), 0));
        } else if (root.path("embeddings").isArray()) {
            int i = 0;
            for (JsonNode e : root.get("embeddings")) {
                vectors.add(values(e, i++));
            }
        } else {
            throw GeminiCodec.protocol("Gemini embeddings response has no embedding");
        }
        return new EmbeddingResponse(null, vectors, null);
    }

    private static JsonNode values(JsonNode embedding, int index) {
        JsonNode values = embedding.path("values");
        if (!values.isArray()) {
            throw GeminiCodec.protocol("Gemini embedding " + index + " has no values array");
        }
        return values;
    }
}
