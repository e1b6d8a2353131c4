package dev.heimdall.providers.openai;

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
 * OpenAI's Chat Completions and Embeddings APIs, and every server that speaks them.
 *
 * <p>When the client spoke OpenAI's format too ({@link ChatRequest#openAiBody()} set), the body passes through: only
 * {@code model} is rewritten (and, for streams, {@code stream_options.include_usage} forced on, because the gateway
 * needs the usage to settle cost; {@link OpenAiChunkWriter} drops that chunk when the client did not ask). The copy is
 * shallow: untouched fields are shared with the original, not cloned. Otherwise the body is built from the canonical
 * fields; the output limit is then sent as {@code max_completion_tokens}, which every current OpenAI model accepts
 * (reasoning models reject {@code max_tokens}).
 *
 * <p>Servers that speak this format with differences (Azure OpenAI's deployment paths and {@code api-key} header,
 * the presets of {@link OpenAiCompatiblePreset}) are this adapter with another {@link OpenAiDialect}: the dialect
 * names the type, paths and auth header and adjusts the finished body; everything else is shared.
 */
public final class OpenAiAdapter implements ProviderAdapter {

    public static final String TYPE = "openai";
    static final String CHAT_PATH = "/v1/chat/completions";
    static final String EMBEDDINGS_PATH = "/v1/embeddings";

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final OpenAiDialect dialect;
    private final Clock clock;

    public OpenAiAdapter() {
        this(OpenAiDialect.OPENAI, Clock.systemUTC());
    }

    /** @param clock used to turn an HTTP-date {@code Retry-After} into a delay */
    public OpenAiAdapter(Clock clock) {
        this(OpenAiDialect.OPENAI, clock);
    }

    /** An adapter for another server speaking OpenAI's format (Azure OpenAI, the presets of {@link OpenAiCompatiblePreset}). */
    public OpenAiAdapter(OpenAiDialect dialect) {
        this(dialect, Clock.systemUTC());
    }

    public OpenAiAdapter(OpenAiDialect dialect, Clock clock) {
        this.dialect = dialect;
        this.clock = clock;
    }

    @Override
    public String defaultBaseUrl(java.util.Map<String, String> settings) {
        return dialect.defaultBaseUrl(settings);
    }

    @Override
    public String type() {
        return dialect.type();
    }

    public OpenAiDialect dialect() {
        return dialect;
    }

    @Override
    public UpstreamRequest encodeChat(ChatRequest request, TargetContext target) {
        ObjectNode body = request.openAiBody() != null ? passThrough(request, target) : build(request, target);
        dialect.adaptChat(request, body);
        return new UpstreamRequest("POST", dialect.chatPath(target), headers(target), write(body), request.stream());
    }

    private static ObjectNode passThrough(ChatRequest request, TargetContext target) {
        ObjectNode original = request.openAiBody();
        ObjectNode body = MAPPER.createObjectNode();
        body.setAll(original);
        body.put("model", target.model());
        if (request.stream()) {
            body.put("stream", true);
            JsonNode options = original.get("stream_options");
            ObjectNode streamOptions = options != null && options.isObject()
                    ? ((ObjectNode) options).deepCopy() : MAPPER.createObjectNode();
            streamOptions.put("include_usage", true);
            body.set("stream_options", streamOptions);
        } else if (body.has("stream") || body.has("stream_options")) {
            body.remove("stream");
            body.remove("stream_options");
        }
        return body;
    }

    private static ObjectNode build(ChatRequest request, TargetContext target) {
        ObjectNode body = MAPPER.createObjectNode();
        body.put("model", target.model());
        ArrayNode messages = body.putArray("messages");
        for (Message message : request.messages()) {
            messages.add(message(message));
        }
        if (!request.tools().isEmpty()) {
            ArrayNode tools = body.putArray("tools");
            for (ToolDefinition tool : request.tools()) {
                ObjectNode t = tools.addObject();
                t.put("type", "function");
                ObjectNode f = t.putObject("function");
                f.put("name", tool.name());
                if (tool.description() != null) {
                    f.put("description", tool.description());
                }
                if (tool.parameters() != null) {
                    f.set("parameters", tool.parameters());
                }
            }
        }
        ToolChoice choice = request.toolChoice();
        if (choice != null) {
            switch (choice.mode()) {
                case AUTO -> body.put("tool_choice", "auto");
                case NONE -> body.put("tool_choice", "none");
                case REQUIRED -> body.put("tool_choice", "required");
                case TOOL -> {
                    ObjectNode c = body.putObject("tool_choice");
                    c.put("type", "function");
                    c.putObject("function").put("name", choice.toolName());
                }
            }
        }
        if (request.parallelToolCalls() != null && !request.tools().isEmpty()) {
            body.put("parallel_tool_calls", request.parallelToolCalls());
        }
        putIfSet(body, "temperature", request.temperature());
        putIfSet(body, "top_p", request.topP());
        if (request.maxTokens() != null) {
            body.put("max_completion_tokens", request.maxTokens());
        }
        if (!request.stop().isEmpty()) {
            ArrayNode stop = body.putArray("stop");
            request.stop().forEach(stop::add);
        }
        putIfSet(body, "presence_penalty", request.presencePenalty());
        putIfSet(body, "frequency_penalty", request.frequencyPenalty());
        if (request.seed() != null) {
            body.put("seed", request.seed());
        }
        if (request.user() != null) {
            body.put("user", request.user());
        }
        if (request.responseFormat() != null) {
            body.set("response_format", request.responseFormat());
        }
        if (request.reasoningEffort() != null) {
            body.put("reasoning_effort", request.reasoningEffort());
        }
        if (request.stream()) {
            body.put("stream", true);
            body.putObject("stream_options").put("include_usage", true);
        }
        return body;
    }

    private static void putIfSet(ObjectNode body, String field, Double value) {
        if (value != null) {
            body.put(field, value);
        }
    }

    private static ObjectNode message(Message message) {
        ObjectNode m = MAPPER.createObjectNode();
        m.put("role", message.role().name().toLowerCase(Locale.ROOT));
        if (message.name() != null) {
            m.put("name", message.name());
        }
        List<ContentPart> content = message.content();
        if (content.isEmpty()) {
            if (message.toolCalls().isEmpty()) {
                m.put("content", "");
            } else {
                m.putNull("content");
            }
        } else if (content.size() == 1 && content.get(0) instanceof ContentPart.Text t) {
            m.put("content", t.text());
        } else if (message.role() != Role.USER) {
            m.put("content", message.text());
        } else {
            ArrayNode parts = m.putArray("content");
            for (ContentPart part : content) {
                ObjectNode p = parts.addObject();
                if (part instanceof ContentPart.Text t) {
                    p.put("type", "text");
                    p.put("text", t.text());
                } else if (part instanceof ContentPart.Image image) {
                    p.put("type", "image_url");
                    ObjectNode url = p.putObject("image_url");
                    url.put("url", image.asUrl());
                    if (image.detail() != null) {
                        url.put("detail", image.detail());
                    }
                }
            }
        }
        if (!message.toolCalls().isEmpty()) {
            ArrayNode calls = m.putArray("tool_calls");
            for (ToolCall call : message.toolCalls()) {
                ObjectNode c = calls.addObject();
                c.put("id", call.id());
                c.put("type", "function");
                ObjectNode f = c.putObject("function");
                f.put("name", call.name());
                f.put("arguments", call.arguments());
            }
        }
        if (message.toolCallId() != null) {
            m.put("tool_call_id", message.toolCallId());
        }
        return m;
    }

    private List<Map.Entry<String, String>> headers(TargetContext target) {
        List<Map.Entry<String, String>> headers = new ArrayList<>(3 + target.headers().size());
        headers.add(Map.entry("content-type", "application/json"));
        if (target.apiKey() != null) {
            String name = target.authHeader() != null ? target.authHeader() : dialect.authHeader();
            String prefix = target.authPrefix() != null ? target.authPrefix() : dialect.authPrefix();
            headers.add(Map.entry(name, prefix + target.apiKey()));
        }
        headers.addAll(target.headers().entrySet());
        return headers;
    }

    @Override
    public ChatResponse decodeChat(byte[] body) {
        JsonNode root = read(body);
        JsonNode choicesNode = root.get("choices");
        if (!root.isObject() || choicesNode == null || !choicesNode.isArray()) {
            throw protocol("OpenAI response has no choices array");
        }
        List<ChatResponse.Choice> choices = new ArrayList<>(choicesNode.size());
        for (JsonNode c : choicesNode) {
            JsonNode message = c.path("message");
            List<ContentPart> content = List.of();
            JsonNode text = message.get("content");
            if (text != null && text.isTextual()) {
                content = List.of(new ContentPart.Text(text.textValue()));
            } else if (message.path("refusal").isTextual()) {
                content = List.of(new ContentPart.Text(message.get("refusal").textValue()));
            }
            List<ToolCall> calls = new ArrayList<>();
            for (JsonNode call : message.path("tool_calls")) {
                JsonNode f = call.path("function");
                calls.add(new ToolCall(call.path("id").asText(null), f.path("name").asText(null),
                        f.path("arguments").asText("")));
            }
            choices.add(new ChatResponse.Choice(c.path("index").asInt(choices.size()),
                    new Message(Role.ASSISTANT, content, null, calls, null),
                    FinishReason.fromOpenAi(c.path("finish_reason").textValue())));
        }
        return new ChatResponse(root.path("id").asText(null), root.path("model").asText(null),
                root.path("created").asLong(), choices, usage(root.get("usage")));
    }

    /** OpenAI's usage object, or null when absent. */
    static Usage usage(JsonNode u) {
        if (u == null || !u.isObject()) {
            return null;
        }
        return new Usage(u.path("prompt_tokens").asLong(), u.path("completion_tokens").asLong(),
                u.path("prompt_tokens_details").path("cached_tokens").asLong(), 0,
                u.path("completion_tokens_details").path("reasoning_tokens").asLong());
    }

    @Override
    public StreamDecoder streamDecoder(ChatRequest request, TargetContext target) {
        return new OpenAiStreamDecoder(this);
    }

    @Override
    public ProviderError classifyError(int status, String retryAfter, byte[] body) {
        JsonNode error = errorObject(body);
        String message = error.path("message").isTextual() ? error.get("message").textValue()
                : "upstream returned HTTP " + status;
        String code = error.path("code").isTextual() ? error.get("code").textValue() : null;
        String param = error.path("param").isTextual() ? error.get("param").textValue() : null;
        if (status == 429) {
            return new ProviderError.RateLimited(message, status, RetryAfter.parse(retryAfter, clock));
        }
        if (status == 401 || status == 403) {
            // OpenAI's 401 text quotes part of the key; the client must never see any of it
            return new ProviderError.AuthFailure("the provider rejected the gateway's credential (HTTP " + status
                    + (code != null ? ", " + code : "") + ")", status);
        }
        if ((status == 400 || status == 413) && ("context_length_exceeded".equals(code)
                || message.toLowerCase(Locale.ROOT).contains("maximum context length"))) {
            return new ProviderError.ContextTooLong(message, status);
        }
        return ProviderError.byStatus(status, message, param, code);
    }

    /** The {@code error} object of an OpenAI error body; a missing node when the body is not one. */
    static JsonNode errorObject(byte[] body) {
        if (body == null || body.length == 0) {
            return MAPPER.missingNode();
        }
        try {
            JsonNode root = MAPPER.readTree(body);
            JsonNode error = root == null ? null : root.get("error");
            if (error != null && error.isObject()) {
                return error;
            }
            if (error != null && error.isTextual()) {
                return MAPPER.createObjectNode().put("message", error.textValue());
            }
            return MAPPER.missingNode();
        } catch (IOException e) {
            return MAPPER.missingNode();
        }
    }

    @Override
    public boolean supportsEmbeddings() {
        return dialect.supportsEmbeddings();
    }

    @Override
    public UpstreamRequest encodeEmbeddings(EmbeddingRequest request, TargetContext target) {
        ObjectNode body = MAPPER.createObjectNode();
        if (request.openAiBody() != null) {
            body.setAll(request.openAiBody());
            body.put("model", target.model());
        } else {
            body.put("model", target.model());
            ArrayNode input = body.putArray("input");
            request.input().forEach(input::add);
            if (request.encodingFormat() != null) {
                body.put("encoding_format", request.encodingFormat());
            }
            if (request.dimensions() != null) {
                body.put("dimensions", request.dimensions());
            }
            if (request.user() != null) {
                body.put("user", request.user());
            }
        }
        dialect.adaptEmbeddings(body);
        return new UpstreamRequest("POST", dialect.embeddingsPath(target), headers(target), write(body), false);
    }

    @Override
    public EmbeddingResponse decodeEmbeddings(byte[] body) {
        JsonNode root = read(body);
        JsonNode data = root.get("data");
        if (data == null || !data.isArray()) {
            throw protocol("OpenAI embeddings response has no data array");
        }
        JsonNode[] vectors = new JsonNode[data.size()];
        for (int i = 0; i < data.size(); i++) {
            JsonNode item = data.get(i);
            int index = item.path("index").asInt(i);
            if (index < 0 || index >= vectors.length || vectors[index] != null || item.get("embedding") == null) {
                throw protocol("OpenAI embeddings response has a bad data[" + i + "]");
            }
            vectors[index] = item.get("embedding");
        }
        JsonNode u = root.path("usage");
        Usage usage = u.isObject() ? Usage.of(u.path("prompt_tokens").asLong(), 0) : null;
        return new EmbeddingResponse(root.path("model").asText(null), List.of(vectors), usage);
    }



}
