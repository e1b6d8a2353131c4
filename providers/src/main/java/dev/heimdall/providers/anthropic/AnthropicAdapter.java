package dev.heimdall.providers.anthropic;

import static dev.heimdall.providers.spi.AdapterJson.protocol;
import static dev.heimdall.providers.spi.AdapterJson.write;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.heimdall.providers.canonical.ChatRequest;
import dev.heimdall.providers.canonical.ChatResponse;
import dev.heimdall.providers.canonical.ContentPart;
import dev.heimdall.providers.canonical.FinishReason;
import dev.heimdall.providers.canonical.Message;
import dev.heimdall.providers.canonical.Role;
import dev.heimdall.providers.canonical.ToolCall;
import dev.heimdall.providers.canonical.ToolChoice;
import dev.heimdall.providers.canonical.ToolDefinition;
import dev.heimdall.providers.canonical.Usage;
import dev.heimdall.providers.spi.ProviderAdapter;
import dev.heimdall.providers.spi.ProviderError;
import dev.heimdall.providers.spi.RetryAfter;
import dev.heimdall.providers.spi.StreamDecoder;
import dev.heimdall.providers.spi.TargetContext;
import dev.heimdall.providers.spi.UpstreamRequest;

import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Anthropic's Messages API ({@code POST /v1/messages}).
 *
 * <p>Encoding choices where the two formats differ:
 * <ul>
 *   <li>system (and developer) messages, wherever they stand, become the top-level {@code system}: a string for one,
 *       text blocks for several;</li>
 *   <li>tool results become {@code tool_result} blocks in a user turn, and consecutive turns of the same role are
 *       merged into one, because Anthropic requires user and assistant turns to alternate;</li>
 *   <li>a tool call whose arguments are not a JSON object (a model cut off mid-call writes such text) is sent with
 *       input {@code {}}: its id and name still pair it with its result, and one bad historic call does not make the
 *       whole conversation unsendable;</li>
 *   <li>{@code temperature} is clamped to Anthropic's range 0..1 (OpenAI's is 0..2); {@code max_tokens}, required by
 *       Anthropic, defaults to {@link #DEFAULT_MAX_TOKENS} unless the adapter is built with another default;</li>
 *   <li>{@code response_format}, {@code seed}, penalties and {@code reasoning_effort} have no Anthropic equivalent
 *       and are not sent.</li>
 * </ul>
 */
public final class AnthropicAdapter implements ProviderAdapter {

    public static final String TYPE = "anthropic";
    public static final String API_VERSION = "2023-06-01";
    public static final int DEFAULT_MAX_TOKENS = 4096;
    static final String PATH = "/v1/messages";

    static final ObjectMapper MAPPER = new ObjectMapper();

    private final int defaultMaxTokens;
    private final Clock clock;

    public AnthropicAdapter() {
        this(DEFAULT_MAX_TOKENS, Clock.systemUTC());
    }

    /**
     * @param defaultMaxTokens {@code max_tokens} when the client set no limit
     * @param clock            for {@code created} timestamps and HTTP-date {@code Retry-After} values
     */
    public AnthropicAdapter(int defaultMaxTokens, Clock clock) {
        if (defaultMaxTokens < 1) {
            throw new IllegalArgumentException("defaultMaxTokens must be positive");
        }
        this.defaultMaxTokens = defaultMaxTokens;
        this.clock = clock;
    }

    @Override
    public String defaultBaseUrl(java.util.Map<String, String> settings) {
        return "https://api.anthropic.com";
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public UpstreamRequest encodeChat(ChatRequest request, TargetContext target) {
        return new UpstreamRequest("POST", PATH, headers(target), write(encodeBody(request, target)),
                request.stream());
    }

    /**
     * The Messages body {@link #encodeChat} sends. Public for platforms that host Anthropic models behind their own
     * URL and credentials (Vertex AI's {@code rawPredict}), which send this body with small changes of their own.
     */
    public ObjectNode encodeBody(ChatRequest request, TargetContext target) {
        ObjectNode body = MAPPER.createObjectNode();
        body.put("model", target.model());
        body.put("max_tokens", request.maxTokens() != null ? request.maxTokens() : defaultMaxTokens);
        List<String> system = new ArrayList<>();
        ArrayNode messages = MAPPER.createArrayNode();
        String lastRole = null;
        ArrayNode lastContent = null;
        for (Message message : request.messages()) {
            if (message.role() == Role.SYSTEM) {
                system.add(message.text());
                continue;
            }
            String role = message.role() == Role.ASSISTANT ? "assistant" : "user";
            ArrayNode blocks = blocks(message);
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
        for (JsonNode m : messages) {
            collapseSingleText((ObjectNode) m);
        }
        if (system.size() == 1) {
            body.put("system", system.get(0));
        } else if (system.size() > 1) {
            ArrayNode blocks = body.putArray("system");
            for (String text : system) {
                blocks.addObject().put("type", "text").put("text", text);
            }
        }
        body.set("messages", messages);
        if (!request.stop().isEmpty()) {
            ArrayNode stop = body.putArray("stop_sequences");
            request.stop().forEach(stop::add);
        }
        if (request.temperature() != null) {
            body.put("temperature", Math.max(0.0, Math.min(1.0, request.temperature())));
        }
        if (request.topP() != null) {
            body.put("top_p", request.topP());
        }
        if (!request.tools().isEmpty()) {
            ArrayNode tools = body.putArray("tools");
            for (ToolDefinition tool : request.tools()) {
                ObjectNode t = tools.addObject();
                t.put("name", tool.name());
                if (tool.description() != null) {
                    t.put("description", tool.description());
                }
                if (tool.parameters() != null) {
                    t.set("input_schema", tool.parameters());
                } else {
                    t.putObject("input_schema").put("type", "object").putObject("properties");
                }
            }
            ObjectNode choice = toolChoice(request.toolChoice(), request.parallelToolCalls());
            if (choice != null) {
                body.set("tool_choice", choice);
            }
        }
        if (request.user() != null) {
            body.putObject("metadata").put("user_id", request.user());
        }
        if (request.stream()) {
            body.put("stream", true);
        }
        return body;
    }

    private static ObjectNode toolChoice(ToolChoice choice, Boolean parallelToolCalls) {
        boolean disableParallel = Boolean.FALSE.equals(parallelToolCalls);
        if (choice == null && !disableParallel) {
            return null;
        }
        ObjectNode c = MAPPER.createObjectNode();
        ToolChoice.Mode mode = choice == null ? ToolChoice.Mode.AUTO : choice.mode();
        switch (mode) {
            case AUTO -> c.put("type", "auto");
            case REQUIRED -> c.put("type", "any");
            case NONE -> c.put("type", "none");
            case TOOL -> c.put("type", "tool").put("name", choice.toolName());
        }
        if (disableParallel && mode != ToolChoice.Mode.NONE) {
            c.put("disable_parallel_tool_use", true);
        }
        return c;
    }

    private static ArrayNode blocks(Message message) {
        ArrayNode blocks = MAPPER.createArrayNode();
        if (message.role() == Role.TOOL) {
            ObjectNode result = blocks.addObject();
            result.put("type", "tool_result");
            result.put("tool_use_id", message.toolCallId());
            boolean onlyText = message.content().stream().allMatch(p -> p instanceof ContentPart.Text);
            if (onlyText) {
                result.put("content", message.text());
            } else {
                result.set("content", contentBlocks(message.content()));
            }
            return blocks;
        }
        blocks.addAll(contentBlocks(message.content()));
        for (ToolCall call : message.toolCalls()) {
            ObjectNode use = blocks.addObject();
            use.put("type", "tool_use");
            use.put("id", call.id());
            use.put("name", call.name());
            use.set("input", toolInput(call.arguments()));
        }
        return blocks;
    }

    private static ArrayNode contentBlocks(List<ContentPart> parts) {
        ArrayNode blocks = MAPPER.createArrayNode();
        for (ContentPart part : parts) {
            if (part instanceof ContentPart.Text t) {
                if (!t.text().isEmpty()) {
                    blocks.addObject().put("type", "text").put("text", t.text());
                }
            } else if (part instanceof ContentPart.Image image) {
                ObjectNode block = blocks.addObject();
                block.put("type", "image");
                ObjectNode source = block.putObject("source");
                if (image.inline()) {
                    source.put("type", "base64");
                    source.put("media_type", image.mediaType());
                    source.put("data", image.base64());
                } else {
                    source.put("type", "url");
                    source.put("url", image.url());
                }
            }
        }
        return blocks;
    }

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

    /** A turn that is a single text block is sent as a plain string, the form Anthropic's examples use. */
    private static void collapseSingleText(ObjectNode message) {
        JsonNode content = message.get("content");
        if (content.size() == 1 && "text".equals(content.get(0).path("type").asText())) {
            message.put("content", content.get(0).get("text").textValue());
        }
    }

    static List<Map.Entry<String, String>> headers(TargetContext target) {
        List<Map.Entry<String, String>> headers = new ArrayList<>(4 + target.headers().size());
        headers.add(Map.entry("content-type", "application/json"));
        if (target.apiKey() != null) {
            String name = target.authHeader() != null ? target.authHeader() : "x-api-key";
            String prefix = target.authPrefix() != null ? target.authPrefix() : "";
            headers.add(Map.entry(name, prefix + target.apiKey()));
        }
        boolean versionSet = target.headers().keySet().stream().anyMatch(h -> h.equalsIgnoreCase("anthropic-version"));
        if (!versionSet) {
            headers.add(Map.entry("anthropic-version", API_VERSION));
        }
        headers.addAll(target.headers().entrySet());
        return headers;
    }

    @Override
    public ChatResponse decodeChat(byte[] body) {
        JsonNode root;
        try {
            root = MAPPER.readTree(body);
        } catch (IOException e) {
            throw protocol("Anthropic response is not valid JSON");
        }
        if (root == null || !root.isObject() || !root.path("content").isArray()) {
            throw protocol("Anthropic response has no content array");
        }
        StringBuilder text = new StringBuilder();
        List<ToolCall> calls = new ArrayList<>();
        for (JsonNode block : root.get("content")) {
            switch (block.path("type").asText()) {
                case "text" -> text.append(block.path("text").asText());
                case "tool_use" -> calls.add(new ToolCall(block.path("id").asText(null),
                        block.path("name").asText(null), block.path("input").isMissingNode()
                        ? "{}" : block.get("input").toString()));
                default -> {
                    // thinking, redacted_thinking and server-tool blocks have no canonical form
                }
            }
        }
        List<ContentPart> content = text.length() == 0 && !calls.isEmpty()
                ? List.of() : List.of(new ContentPart.Text(text.toString()));
        Message message = new Message(Role.ASSISTANT, content, null, calls, null);
        return new ChatResponse(root.path("id").asText(null), root.path("model").asText(null),
                clock.instant().getEpochSecond(),
                List.of(new ChatResponse.Choice(0, message, finishReason(root.path("stop_reason").textValue()))),
                usage(root.get("usage")));
    }

    static FinishReason finishReason(String stopReason) {
        if (stopReason == null) {
            return null;
        }
        return switch (stopReason) {
            case "max_tokens", "model_context_window_exceeded" -> FinishReason.LENGTH;
            case "tool_use" -> FinishReason.TOOL_CALLS;
            case "refusal" -> FinishReason.CONTENT_FILTER;
            default -> FinishReason.STOP;
        };
    }

    /** Anthropic counts cache reads and writes apart from {@code input_tokens}; the canonical prompt count has all. */
    static Usage usage(JsonNode u) {
        if (u == null || !u.isObject()) {
            return null;
        }
        return Usage.withSeparateCache(u.path("input_tokens").asLong(), u.path("cache_read_input_tokens").asLong(),
                u.path("cache_creation_input_tokens").asLong(), u.path("output_tokens").asLong());
    }

    @Override
    public StreamDecoder streamDecoder(ChatRequest request, TargetContext target) {
        return new AnthropicStreamDecoder(this);
    }

    @Override
    public ProviderError classifyError(int status, String retryAfter, byte[] body) {
        JsonNode error = MAPPER.missingNode();
        if (body != null && body.length > 0) {
            try {
                JsonNode root = MAPPER.readTree(body);
                if (root != null && root.path("error").isObject()) {
                    error = root.get("error");
                }
            } catch (IOException e) {
                // not Anthropic's error shape (a proxy's HTML page, say): classify by status alone
            }
        }
        return classify(status, retryAfter, error);
    }

    ProviderError classify(int status, String retryAfter, JsonNode error) {
        String type = error.path("type").asText("");
        String message = error.path("message").isTextual() ? error.get("message").textValue()
                : "upstream returned HTTP " + status;
        if (status == 429 || type.equals("rate_limit_error")) {
            return new ProviderError.RateLimited(message, status, RetryAfter.parse(retryAfter, clock));
        }
        if (status == 529 || type.equals("overloaded_error")) {
            return new ProviderError.ServerError(message, 529);
        }
        if (status == 401 || status == 403) {
            return new ProviderError.AuthFailure("the provider rejected the gateway's credential (HTTP " + status
                    + (type.isEmpty() ? "" : ", " + type) + ")", status);
        }
        if (status == 400 && message.toLowerCase(Locale.ROOT).contains("prompt is too long")) {
            return new ProviderError.ContextTooLong(message, status);
        }
        return ProviderError.byStatus(status, message, null, type.isEmpty() ? null : type);
    }


}
