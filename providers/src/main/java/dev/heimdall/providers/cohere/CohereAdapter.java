package dev.heimdall.providers.cohere;

import static dev.heimdall.providers.spi.AdapterJson.protocol;
import static dev.heimdall.providers.spi.AdapterJson.read;
import static dev.heimdall.providers.spi.AdapterJson.write;
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
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Cohere's v2 Chat ({@code POST /v2/chat}) and Embed ({@code POST /v2/embed}) APIs.
 *
 * <p>The request is built from the canonical fields. Cohere has no "call this tool" choice: a forced tool is sent as
 * {@code tool_choice: REQUIRED} with only that tool offered; automatic choice is Cohere's default and is omitted.
 * {@code top_p} is {@code p}, stop sequences {@code stop_sequences}. OpenAI's {@code response_format} maps to
 * Cohere's {@code json_object} (with the schema when one was given). {@code user}, {@code parallel_tool_calls} and
 * {@code reasoning_effort} have no Cohere counterpart and are dropped. Usage comes from {@code usage.tokens} (what
 * the model saw), falling back to {@code billed_units}. A generation that ends with {@code ERROR} is a server error;
 * {@code ERROR_TOXIC} is a content filter stop.
 *
 * <p>Embeddings are asked as {@code search_document} floats; Cohere returns no model name and counts input tokens
 * under {@code meta.billed_units}.
 */
public final class CohereAdapter implements ProviderAdapter {

    public static final String TYPE = "cohere";
    static final String CHAT_PATH = "/v2/chat";
    static final String EMBED_PATH = "/v2/embed";

    static final ObjectMapper MAPPER = new ObjectMapper();

    private final Clock clock;

    public CohereAdapter() {
        this(Clock.systemUTC());
    }

    /** @param clock used to turn an HTTP-date {@code Retry-After} into a delay */
    public CohereAdapter(Clock clock) {
        this.clock = clock;
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public String defaultBaseUrl(Map<String, String> settings) {
        return "https://api.cohere.com";
    }

    @Override
    public UpstreamRequest encodeChat(ChatRequest request, TargetContext target) {
        return new UpstreamRequest("POST", CHAT_PATH, headers(target), write(encodeBody(request, target)),
                request.stream());
    }

    ObjectNode encodeBody(ChatRequest request, TargetContext target) {
        ObjectNode body = MAPPER.createObjectNode();
        body.put("model", target.model());
        ArrayNode messages = body.putArray("messages");
        for (Message message : request.messages()) {
            messages.add(message(message));
        }
        ToolChoice choice = request.toolChoice();
        List<ToolDefinition> tools = request.tools();
        if (choice != null && choice.mode() == ToolChoice.Mode.TOOL) {
            tools = tools.stream().filter(t -> t.name().equals(choice.toolName())).toList();
        }
        if (!tools.isEmpty()) {
            ArrayNode array = body.putArray("tools");
            for (ToolDefinition tool : tools) {
                ObjectNode f = array.addObject().put("type", "function").putObject("function");
                f.put("name", tool.name());
                if (tool.description() != null) {
                    f.put("description", tool.description());
                }
                f.set("parameters", tool.parameters() != null ? tool.parameters()
                        : MAPPER.createObjectNode().put("type", "object"));
            }
            if (choice != null && (choice.mode() == ToolChoice.Mode.REQUIRED || choice.mode() == ToolChoice.Mode.TOOL)) {
                body.put("tool_choice", "REQUIRED");
            } else if (choice != null && choice.mode() == ToolChoice.Mode.NONE) {
                body.put("tool_choice", "NONE");
            }
        }
        if (request.temperature() != null) {
            body.put("temperature", request.temperature());
        }
        if (request.topP() != null) {
            body.put("p", request.topP());
        }
        if (request.maxTokens() != null) {
            body.put("max_tokens", request.maxTokens());
        }
        if (!request.stop().isEmpty()) {
            ArrayNode stop = body.putArray("stop_sequences");
            request.stop().forEach(stop::add);
        }
        if (request.seed() != null) {
            body.put("seed", request.seed());
        }
        if (request.frequencyPenalty() != null) {
            body.put("frequency_penalty", request.frequencyPenalty());
        }
        if (request.presencePenalty() != null) {
            body.put("presence_penalty", request.presencePenalty());
        }
        JsonNode format = request.responseFormat();
        if (format != null && format.isObject()) {
            String type = format.path("type").asText();
            if (type.equals("json_object")) {
                body.putObject("response_format").put("type", "json_object");
            } else if (type.equals("json_schema")) {
                ObjectNode f = body.putObject("response_format").put("type", "json_object");
                JsonNode schema = format.path("json_schema").get("schema");
                if (schema != null) {
                    f.set("json_schema", schema);
                }
            }
        }
        if (request.stream()) {
            body.put("stream", true);
        }
        return body;
    }

    private static ObjectNode message(Message message) {
        ObjectNode m = MAPPER.createObjectNode();
        m.put("role", message.role().name().toLowerCase(Locale.ROOT));
        List<ContentPart> content = message.content();
        boolean images = content.stream().anyMatch(p -> p instanceof ContentPart.Image);
        if (images && message.role() == Role.USER) {
            ArrayNode parts = m.putArray("content");
            for (ContentPart part : content) {
                if (part instanceof ContentPart.Text t) {
                    parts.addObject().put("type", "text").put("text", t.text());
                } else if (part instanceof ContentPart.Image image) {
                    parts.addObject().put("type", "image_url").putObject("image_url").put("url", image.asUrl());
                }
            }
        } else if (!content.isEmpty() || message.toolCalls().isEmpty()) {
            // an assistant turn that only calls tools must not carry an empty content
            m.put("content", message.text());
        }
        if (!message.toolCalls().isEmpty()) {
            ArrayNode calls = m.putArray("tool_calls");
            for (ToolCall call : message.toolCalls()) {
                ObjectNode c = calls.addObject();
                c.put("id", call.id());
                c.put("type", "function");
                c.putObject("function").put("name", call.name()).put("arguments", call.arguments());
            }
        }
        if (message.toolCallId() != null) {
            m.put("tool_call_id", message.toolCallId());
        }
        return m;
    }

    private static List<Map.Entry<String, String>> headers(TargetContext target) {
        List<Map.Entry<String, String>> headers = new ArrayList<>(3 + target.headers().size());
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
        JsonNode root = read(body);
        JsonNode message = root.get("message");
        if (message == null || !message.isObject()) {
            throw protocol("Cohere response has no message");
        }
        String reason = root.path("finish_reason").asText(null);
        if ("ERROR".equals(reason)) {
            throw new ProviderException(new ProviderError.ServerError("Cohere stopped the generation with an error",
                    502));
        }
        StringBuilder text = new StringBuilder();
        for (JsonNode part : message.path("content")) {
            if (part.path("type").asText().equals("text")) {
                text.append(part.path("text").asText(""));
            }
        }
        List<ToolCall> calls = toolCalls(message.path("tool_calls"));
        List<ContentPart> content = text.isEmpty() ? List.of() : List.of(new ContentPart.Text(text.toString()));
        return new ChatResponse(root.path("id").asText(null), null, clock.instant().getEpochSecond(),
                List.of(new ChatResponse.Choice(0, new Message(Role.ASSISTANT, content, null, calls, null),
                        finishReason(reason))), usage(root.get("usage")));
    }

    private static List<ToolCall> toolCalls(JsonNode array) {
        List<ToolCall> calls = new ArrayList<>();
        for (JsonNode call : array) {
            JsonNode f = call.path("function");
            calls.add(new ToolCall(call.path("id").asText(null), f.path("name").asText(null),
                    f.path("arguments").asText("")));
        }
        return calls;
    }

    static FinishReason finishReason(String reason) {
        if (reason == null) {
            return null;
        }
        return switch (reason) {
            case "MAX_TOKENS" -> FinishReason.LENGTH;
            case "TOOL_CALL" -> FinishReason.TOOL_CALLS;
            case "ERROR_TOXIC" -> FinishReason.CONTENT_FILTER;
            default -> FinishReason.STOP;
        };
    }

    /** Cohere's usage: {@code tokens} (what the model saw), else {@code billed_units}; null when absent. */
    static Usage usage(JsonNode usage) {
        if (usage == null || !usage.isObject()) {
            return null;
        }
        JsonNode counts = usage.path("tokens").isObject() ? usage.get("tokens") : usage.path("billed_units");
        if (!counts.isObject()) {
            return null;
        }
        return Usage.of(counts.path("input_tokens").asLong(), counts.path("output_tokens").asLong());
    }

    @Override
    public StreamDecoder streamDecoder(ChatRequest request, TargetContext target) {
        return new CohereStreamDecoder();
    }

    @Override
    public ProviderError classifyError(int status, String retryAfter, byte[] body) {
        String message = null;
        if (body != null && body.length > 0) {
            try {
                JsonNode root = MAPPER.readTree(body);
                if (root != null && root.path("message").isTextual()) {
                    message = root.get("message").textValue();
                }
            } catch (IOException e) {
                // not Cohere's error shape (a proxy's HTML page, say): classify by status alone
            }
        }
        return classify(status, retryAfter, message);
    }

    ProviderError classify(int status, String retryAfter, String message) {
        String text = message != null ? message : "upstream returned HTTP " + status;
        if (status == 429) {
            return new ProviderError.RateLimited(text, status, RetryAfter.parse(retryAfter, clock));
        }
        if (status == 401 || status == 403) {
            return new ProviderError.AuthFailure("the provider rejected the gateway's credential (HTTP " + status
                    + ")", status);
        }
        if (status == 400 && text.toLowerCase(Locale.ROOT).contains("too many tokens")) {
            return new ProviderError.ContextTooLong(text, status);
        }
        return ProviderError.byStatus(status, text, null, null);
    }

    @Override
    public boolean supportsEmbeddings() {
        return true;
    }

    @Override
    public UpstreamRequest encodeEmbeddings(EmbeddingRequest request, TargetContext target) {
        ObjectNode body = MAPPER.createObjectNode();
        body.put("model", target.model());
        ArrayNode texts = body.putArray("texts");
        request.input().forEach(texts::add);
        body.put("input_type", "search_document");
        body.putArray("embedding_types").add("float");
        if (request.dimensions() != null) {
            body.put("output_dimension", request.dimensions());
        }
        return new UpstreamRequest("POST", EMBED_PATH, headers(target), write(body), false);
    }

    /**
     * Float vectors, whatever the client's {@code encoding_format}: Cohere has no base64 form, so the ingress encodes
     * them when the client asked for base64 (see {@link dev.heimdall.providers.canonical.EmbeddingVectors}).
     */
    @Override
    public EmbeddingResponse decodeEmbeddings(byte[] body) {
        JsonNode root = read(body);
        JsonNode floats = root.path("embeddings").get("float");
        if (floats == null || !floats.isArray()) {
            throw protocol("Cohere embed response has no embeddings.float array");
        }
        List<JsonNode> vectors = new ArrayList<>(floats.size());
        for (JsonNode vector : floats) {
            if (!vector.isArray()) {
                throw protocol("Cohere embed response has a vector that is not an array");
            }
            vectors.add(vector);
        }
        JsonNode billed = root.path("meta").path("billed_units");
        Usage usage = billed.isObject() ? Usage.of(billed.path("input_tokens").asLong(), 0) : null;
        return new EmbeddingResponse(null, vectors, usage);
    }



}
