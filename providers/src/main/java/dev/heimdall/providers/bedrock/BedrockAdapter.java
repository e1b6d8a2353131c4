package dev.heimdall.providers.bedrock;

import static dev.heimdall.providers.spi.AdapterJson.protocol;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.heimdall.providers.canonical.ChatRequest;
import dev.heimdall.providers.canonical.ChatResponse;
import dev.heimdall.providers.canonical.ContentPart;
import dev.heimdall.providers.canonical.EmbeddingRequest;
import dev.heimdall.providers.canonical.EmbeddingResponse;
import dev.heimdall.providers.canonical.FinishReason;
import dev.heimdall.providers.canonical.Message;
import dev.heimdall.providers.canonical.Role;
import dev.heimdall.providers.canonical.ToolCall;
import dev.heimdall.providers.canonical.ToolChoice;
import dev.heimdall.providers.canonical.ToolDefinition;
import dev.heimdall.providers.canonical.Usage;
import dev.heimdall.providers.spi.ProviderAdapter;
import dev.heimdall.providers.spi.ProviderError;
import dev.heimdall.providers.spi.ProviderException;
import dev.heimdall.providers.spi.RetryAfter;
import dev.heimdall.providers.spi.StreamDecoder;
import dev.heimdall.providers.spi.TargetContext;
import dev.heimdall.providers.spi.UpstreamRequest;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * AWS Bedrock Runtime: the Converse API ({@code POST /model/{modelId}/converse}, and {@code /converse-stream}
 * answering a binary event stream) for chat, InvokeModel ({@code POST /model/{modelId}/invoke}) for embeddings.
 * Requests carry no credential: the node signs them with SigV4 after encoding.
 *
 * <p>Encoding choices where the formats differ:
 * <ul>
 *   <li>system messages become the top-level {@code system} text blocks; tool results become {@code toolResult}
 *       blocks in a user turn, and consecutive turns of the same role are merged, because Converse requires user
 *       and assistant turns to alternate;</li>
 *   <li>images must be inline (png, jpeg, gif, webp): Converse cannot fetch a URL, and silently dropping the image
 *       would change the question, so an image URL is a 400;</li>
 *   <li>Converse has no "none" tool choice. With {@code tool_choice: none} the tools are left out, so the model
 *       cannot call one; but when the history already holds tool calls or results, Bedrock insists on a
 *       {@code toolConfig}, so the tools are then sent with the default (auto) choice rather than failing the
 *       request;</li>
 *   <li>{@code temperature} is clamped to 0..1, the range Bedrock's models take (OpenAI's is 0..2); penalties,
 *       {@code seed}, {@code response_format} and {@code user} have no Converse equivalent and are not sent.</li>
 * </ul>
 * A key in another region than the provider's is sent to that region's endpoint ({@link UpstreamRequest#origin()}),
 * unless the provider has a custom base URL (a proxy or a mock), which is then used for every region.
 */
public final class BedrockAdapter implements ProviderAdapter {

    public static final String TYPE = "bedrock";
    public static final String DEFAULT_REGION = "us-east-1";

    static final ObjectMapper MAPPER = new ObjectMapper();

    private final Clock clock;

    public BedrockAdapter() {
        this(Clock.systemUTC());
    }

    /** @param clock for {@code created} timestamps and HTTP-date {@code Retry-After} values */
    public BedrockAdapter(Clock clock) {
        this.clock = clock;
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public String defaultBaseUrl(Map<String, String> settings) {
        return endpoint(settings.getOrDefault(TargetContext.REGION, DEFAULT_REGION));
    }

    /** The Bedrock Runtime endpoint of {@code region}. */
    public static String endpoint(String region) {
        return "https://bedrock-runtime." + region + ".amazonaws.com";
    }

    @Override
    public UpstreamRequest encodeChat(ChatRequest request, TargetContext target) {
        String path = modelPath(target.model()) + (request.stream() ? "/converse-stream" : "/converse");
        return new UpstreamRequest("POST", path, headers(target, request.stream()), write(encodeBody(request)),
                request.stream(), origin(target));
    }

    /**
     * Where a request for {@code target} goes, when not to the base URL: the endpoint of the key's region when that
     * differs from the provider's, unless the provider's base URL is not the AWS default (a proxy or a mock serves
     * every region). The node passes the provider's region and base URL only when a key has a region of its own.
     */
    static String origin(TargetContext target) {
        String region = target.settings().get(TargetContext.REGION);
        String baseUrl = target.settings().get(TargetContext.BASE_URL);
        if (region == null || baseUrl == null) {
            return null;
        }
        String providerRegion = target.setting(TargetContext.PROVIDER_REGION, DEFAULT_REGION);
        String base = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        if (region.equals(providerRegion) || !base.equals(endpoint(providerRegion))) {
            return null;
        }
        return endpoint(region);
    }

    static String modelPath(String model) {
        return "/model/" + URLEncoder.encode(model, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static List<Map.Entry<String, String>> headers(TargetContext target, boolean stream) {
        List<Map.Entry<String, String>> headers = new ArrayList<>(2 + target.headers().size());
        headers.add(Map.entry("content-type", "application/json"));
        headers.add(Map.entry("accept", stream ? "application/vnd.amazon.eventstream" : "application/json"));
        headers.addAll(target.headers().entrySet());
        return headers;
    }

    ObjectNode encodeBody(ChatRequest request) {
        ObjectNode body = MAPPER.createObjectNode();
        ArrayNode messages = body.putArray("messages");
        ArrayNode system = MAPPER.createArrayNode();
        String lastRole = null;
        ArrayNode lastContent = null;
        boolean toolHistory = false;
        for (int i = 0; i < request.messages().size(); i++) {
            Message message = request.messages().get(i);
            if (message.role() == Role.SYSTEM) {
                if (!message.text().isEmpty()) {
                    system.addObject().put("text", message.text());
                }
                continue;
            }
            toolHistory |= message.role() == Role.TOOL || !message.toolCalls().isEmpty();
            String role = message.role() == Role.ASSISTANT ? "assistant" : "user";
            ArrayNode blocks = blocks(message, i);
            if (blocks.isEmpty()) {
                continue;
            }
            if (role.equals(lastRole)) {
                lastContent.addAll(blocks);
            } else {
                ObjectNode m = messages.addObject();
                m.put("role", role);
                lastContent = m.putArray("content");
                lastContent.addAll(blocks);
                lastRole = role;
            }
        }
        if (!system.isEmpty()) {
            body.set("system", system);
        }
        ObjectNode inference = MAPPER.createObjectNode();
        if (request.maxTokens() != null) {
            inference.put("maxTokens", request.maxTokens());
        }
        if (request.temperature() != null) {
            inference.put("temperature", Math.max(0.0, Math.min(1.0, request.temperature())));
        }
        if (request.topP() != null) {
            inference.put("topP", request.topP());
        }
        if (!request.stop().isEmpty()) {
            ArrayNode stop = inference.putArray("stopSequences");
            request.stop().forEach(stop::add);
        }
        if (!inference.isEmpty()) {
            body.set("inferenceConfig", inference);
        }
        ToolChoice choice = request.toolChoice();
        boolean none = choice != null && choice.mode() == ToolChoice.Mode.NONE;
        if (!request.tools().isEmpty() && (!none || toolHistory)) {
            ObjectNode config = body.putObject("toolConfig");
            ArrayNode tools = config.putArray("tools");
            for (ToolDefinition tool : request.tools()) {
                ObjectNode spec = tools.addObject().putObject("toolSpec");
                spec.put("name", tool.name());
                if (tool.description() != null) {
                    spec.put("description", tool.description());
                }
                ObjectNode schema = spec.putObject("inputSchema");
                if (tool.parameters() != null) {
                    schema.set("json", tool.parameters());
                } else {
                    schema.putObject("json").put("type", "object").putObject("properties");
                }
            }
            if (choice != null && !none) {
                ObjectNode c = config.putObject("toolChoice");
                switch (choice.mode()) {
                    case AUTO -> c.putObject("auto");
                    case REQUIRED -> c.putObject("any");
                    case TOOL -> c.putObject("tool").put("name", choice.toolName());
                    default -> throw new IllegalStateException("unreachable: " + choice.mode());
                }
            }
        }
        return body;
    }

    private static ArrayNode blocks(Message message, int index) {
        ArrayNode blocks = MAPPER.createArrayNode();
        if (message.role() == Role.TOOL) {
            ObjectNode result = blocks.addObject().putObject("toolResult");
            result.put("toolUseId", message.toolCallId());
            ArrayNode content = contentBlocks(message.content(), index);
            if (content.isEmpty()) {
                // Converse rejects an empty result; an empty text says "the tool returned nothing"
                content.addObject().put("text", "");
            }
            result.set("content", content);
            return blocks;
        }
        blocks.addAll(contentBlocks(message.content(), index));
        for (ToolCall call : message.toolCalls()) {
            ObjectNode use = blocks.addObject().putObject("toolUse");
            use.put("toolUseId", call.id());
            use.put("name", call.name());
            use.set("input", toolInput(call.arguments()));
        }
        return blocks;
    }

    private static ArrayNode contentBlocks(List<ContentPart> parts, int index) {
        ArrayNode blocks = MAPPER.createArrayNode();
        for (ContentPart part : parts) {
            if (part instanceof ContentPart.Text t) {
                if (!t.text().isEmpty()) {
                    blocks.addObject().put("text", t.text());
                }
            } else if (part instanceof ContentPart.Image image) {
                if (!image.inline()) {
                    throw new ProviderException(new ProviderError.BadRequest("Bedrock's Converse API takes only "
                            + "inline images: send messages[" + index + "] images as base64 data URLs", 400,
                            "messages[" + index + "].content", "image_url_not_supported"));
                }
                ObjectNode img = blocks.addObject().putObject("image");
                img.put("format", imageFormat(image.mediaType(), index));
                img.putObject("source").put("bytes", image.base64());
            }
        }
        return blocks;
    }

    private static String imageFormat(String mediaType, int index) {
        String type = mediaType == null ? "" : mediaType.toLowerCase(Locale.ROOT);
        return switch (type) {
            case "image/png" -> "png";
            case "image/jpeg", "image/jpg" -> "jpeg";
            case "image/gif" -> "gif";
            case "image/webp" -> "webp";
            default -> throw new ProviderException(new ProviderError.BadRequest("Bedrock takes png, jpeg, gif or "
                    + "webp images, not '" + mediaType + "' (messages[" + index + "])", 400,
                    "messages[" + index + "].content", "unsupported_image_format"));
        };
    }

    /** A call whose arguments are not a JSON object (a cut-off model writes such text) is sent with input {}. */
    private static JsonNode toolInput(String arguments) {
        if (arguments == null || arguments.isBlank()) {
            return MAPPER.createObjectNode();
        }
        try {
            JsonNode input = MAPPER.readTree(arguments);
            return input != null && input.isObject() ? input : MAPPER.createObjectNode();
        } catch (IOException e) {
            return MAPPER.createObjectNode();
        }
    }

    @Override
    public ChatResponse decodeChat(byte[] body) {
        JsonNode root = read(body, "Converse");
        JsonNode content = root.path("output").path("message").path("content");
        if (!content.isArray()) {
            throw protocol("Bedrock Converse response has no output.message.content array");
        }
        StringBuilder text = new StringBuilder();
        List<ToolCall> calls = new ArrayList<>();
        for (JsonNode block : content) {
            if (block.has("text")) {
                text.append(block.path("text").asText());
            } else if (block.has("toolUse")) {
                JsonNode use = block.get("toolUse");
                JsonNode input = use.get("input");
                calls.add(new ToolCall(use.path("toolUseId").asText(null), use.path("name").asText(null),
                        input == null || input.isNull() ? "{}" : input.toString()));
            }
            // reasoningContent, citations, guardContent: no canonical form
        }
        List<ContentPart> parts = text.length() == 0 && !calls.isEmpty()
                ? List.of() : List.of(new ContentPart.Text(text.toString()));
        Message message = new Message(Role.ASSISTANT, parts, null, calls, null);
        // Converse answers carry no id; one is made up so that clients see a unique one
        return new ChatResponse("chatcmpl-bedrock-" + UUID.randomUUID(), null, clock.instant().getEpochSecond(),
                List.of(new ChatResponse.Choice(0, message, finishReason(root.path("stopReason").textValue()))),
                usage(root.get("usage")));
    }

    static FinishReason finishReason(String stopReason) {
        if (stopReason == null) {
            return null;
        }
        return switch (stopReason) {
            case "max_tokens", "model_context_window_exceeded" -> FinishReason.LENGTH;
            case "tool_use" -> FinishReason.TOOL_CALLS;
            case "guardrail_intervened", "content_filtered" -> FinishReason.CONTENT_FILTER;
            default -> FinishReason.STOP;
        };
    }

    /** Bedrock counts cache reads and writes apart from {@code inputTokens}; the canonical prompt count has all. */
    static Usage usage(JsonNode u) {
        if (u == null || !u.isObject()) {
            return null;
        }
        return Usage.withSeparateCache(u.path("inputTokens").asLong(), u.path("cacheReadInputTokens").asLong(),
                u.path("cacheWriteInputTokens").asLong(), u.path("outputTokens").asLong());
    }

    @Override
    public StreamDecoder streamDecoder(ChatRequest request, TargetContext target) {
        return new BedrockStreamDecoder(this, target.model());
    }

    @Override
    public ProviderError classifyError(int status, String retryAfter, byte[] body) {
        String message = null;
        String type = "";
        if (body != null && body.length > 0) {
            try {
                JsonNode root = MAPPER.readTree(body);
                if (root != null && root.isObject()) {
                    JsonNode m = root.has("message") ? root.get("message") : root.get("Message");
                    message = m != null && m.isTextual() ? m.textValue() : null;
                    type = errorType(root.path("__type").asText(""));
                }
            } catch (IOException e) {
                // not Bedrock's error shape (a proxy's HTML page, say): classify by status alone
            }
        }
        return classify(status, retryAfter, type, message);
    }

    /** {@code com.amazon.coral.service#ThrottlingException} or {@code ThrottlingException:http://...} to the name. */
    private static String errorType(String raw) {
        String type = raw;
        int hash = type.lastIndexOf('#');
        if (hash >= 0) {
            type = type.substring(hash + 1);
        }
        int colon = type.indexOf(':');
        return colon >= 0 ? type.substring(0, colon) : type;
    }

    /**
     * @param type the exception name ({@code ThrottlingException}, or the stream's {@code throttlingException}), or
     *             empty
     */
    ProviderError classify(int status, String retryAfter, String type, String message) {
        String t = type.toLowerCase(Locale.ROOT);
        String text = message != null ? message : "upstream returned HTTP " + status + (type.isEmpty() ? "" : " " + type);
        if (status == 429 || t.equals("throttlingexception")) {
            return new ProviderError.RateLimited(text, status == 429 ? 429 : status, RetryAfter.parse(retryAfter, clock));
        }
        if (status == 401 || status == 403 || t.equals("accessdeniedexception")
                || t.equals("unrecognizedclientexception") || t.equals("invalidsignatureexception")
                || t.equals("expiredtokenexception")) {
            // AWS's message may quote the canonical request (session token included): only its gist is passed on
            return new ProviderError.AuthFailure("AWS rejected the gateway's credential (HTTP " + status
                    + (type.isEmpty() ? "" : ", " + type) + ")" + authHint(message), status == 401 || status == 403
                    ? status : 403);
        }
        if (status == 400 && isContextTooLong(message)) {
            return new ProviderError.ContextTooLong(text, status);
        }
        if (status == 408 || t.equals("modeltimeoutexception")) {
            return new ProviderError.Timeout(text, ProviderError.Timeout.Phase.FIRST_BYTE);
        }
        if (status >= 500 || t.equals("serviceunavailableexception") || t.equals("modelnotreadyexception")
                || t.equals("internalserverexception") || t.equals("modelstreamerrorexception")) {
            return new ProviderError.ServerError(text, status >= 500 ? status : 503);
        }
        if (status >= 400 && status < 500) {
            return new ProviderError.BadRequest(text, status, null, type.isEmpty() ? null : type);
        }
        return new ProviderError.ProtocolError("unexpected HTTP " + status + " from upstream");
    }

    private static String authHint(String message) {
        String m = message == null ? "" : message.toLowerCase(Locale.ROOT);
        if (m.contains("signature") && m.contains("does not match")) {
            return ": the request signature does not match; check the key's secret-access-key";
        }
        if (m.contains("security token included in the request is invalid")) {
            return ": the access key id or session token is not recognised";
        }
        if (m.contains("expired")) {
            return ": the security token has expired";
        }
        if (m.contains("access")) {
            return ": the credential has no access to this model";
        }
        return "";
    }

    private static boolean isContextTooLong(String message) {
        if (message == null) {
            return false;
        }
        String m = message.toLowerCase(Locale.ROOT);
        return m.contains("too long") || m.contains("too many input tokens") || m.contains("max tokens")
                || m.contains("context length") || m.contains("context window");
    }

    @Override
    public boolean supportsEmbeddings() {
        return true;
    }

    @Override
    public UpstreamRequest encodeEmbeddings(EmbeddingRequest request, TargetContext target) {
        byte[] body = write(BedrockEmbeddings.encode(request, target.model()));
        return new UpstreamRequest("POST", modelPath(target.model()) + "/invoke", headers(target, false), body,
                false, origin(target));
    }

    @Override
    public EmbeddingResponse decodeEmbeddings(byte[] body) {
        return BedrockEmbeddings.decode(read(body, "InvokeModel"));
    }

    private static JsonNode read(byte[] body, String api) {
        JsonNode root;
        try {
            root = MAPPER.readTree(body);
        } catch (IOException e) {
            throw protocol("Bedrock " + api + " response is not valid JSON");
        }
        if (root == null || !root.isObject()) {
            throw protocol("Bedrock " + api + " response is not a JSON object");
        }
        return root;
    }


    static byte[] write(JsonNode body) {
        try {
            return MAPPER.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise a JSON tree", e);
        }
    }
}
