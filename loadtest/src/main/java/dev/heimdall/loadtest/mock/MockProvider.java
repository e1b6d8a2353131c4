package dev.heimdall.loadtest.mock;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.heimdall.loadtest.mock.anthropic.AnthropicMock;
import dev.heimdall.loadtest.mock.bedrock.BedrockMock;
import dev.heimdall.loadtest.mock.gemini.GeminiMock;
import dev.heimdall.loadtest.mock.azure.AzureOpenAiMock;
import dev.heimdall.loadtest.mock.cohere.CohereMock;
import dev.heimdall.loadtest.mock.openai.OpenAiMock;
import dev.heimdall.loadtest.mock.vertex.VertexMock;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A fake LLM provider speaking the real wire formats (OpenAI under {@code /openai}, Bedrock under {@code /bedrock}, Anthropic under
 * {@code /anthropic}), with latency simulation, fault injection and request recording. It runs in-process for
 * integration tests ({@link #start(Vertx, MockConfig)}) or stand-alone ({@code heimdall-loadtest.jar mock}).
 *
 * <p>Reply content is deterministic, see {@link Replies}. A request goes: read body, record, fault (the
 * {@code x-mock-fault} header first, then the rules of {@link #faults()}), then the provider format's handler.
 *
 * <p>Control endpoint (JSON):
 * <ul>
 *   <li>{@code GET /_mock/health} -> {@code {"status":"ok"}}</li>
 *   <li>{@code GET /_mock/requests[?provider=openai]} -> array of recorded requests; {@code DELETE} clears</li>
 *   <li>{@code GET /_mock/faults} -> array of active rules; {@code POST} adds one ({@link FaultRule} JSON) and
 *       returns {@code {"id":"f1"}}; {@code DELETE} clears all, {@code DELETE /_mock/faults/{id}} removes one</li>
 *   <li>{@code GET /_mock/settings} -> {@code {"latencyMs":0,"ttftMs":0,"interTokenMs":0}}; {@code PUT} with any
 *       subset of those fields changes them and returns the new settings</li>
 * </ul>
 */
public final class MockProvider {
    private static final String CONTROL = "/_mock/";

    private final Vertx vertx;
    private final MockConfig config;
    private final MockSettings settings;
    private final Faults faults = new Faults();
    private final Map<String, ProviderMock> providers = new HashMap<>();
    private final ArrayDeque<RecordedRequest> recorded = new ArrayDeque<>();
    private HttpServer server;

    private MockProvider(Vertx vertx, MockConfig config) {
        this.vertx = vertx;
        this.config = config;
        this.settings = new MockSettings(config.latencyMs(), config.ttftMs(), config.interTokenMs());
        config.faults().forEach(faults::add);
        for (ProviderMock p : List.of(new OpenAiMock(), new AnthropicMock(), new BedrockMock(), new GeminiMock(),
                new VertexMock(), new AzureOpenAiMock(), new CohereMock(), new OpenAiMock("local", false))) {
            providers.put(p.name(), p);
        }
    }

    /** Starts a mock; the future completes once it listens. */
    public static Future<MockProvider> start(Vertx vertx, MockConfig config) {
        MockProvider mock = new MockProvider(vertx, config);
        HttpServerOptions options = new HttpServerOptions().setTcpNoDelay(true).setIdleTimeout(0);
        return vertx.createHttpServer(options)
                .requestHandler(mock::handle)
                .listen(config.port(), config.host())
                .map(s -> {
                    mock.server = s;
                    return mock;
                });
    }

    /** The port actually bound (useful with port 0). */
    public int port() {
        return server.actualPort();
    }

    /** {@code http://host:port}. */
    public String baseUrl() {
        return "http://" + config.host() + ":" + port();
    }

    public MockConfig config() {
        return config;
    }

    public Faults faults() {
        return faults;
    }

    public MockSettings settings() {
        return settings;
    }

    /** The recorded provider requests, oldest first (at most {@link MockConfig#recordLimit()}). */
    public List<RecordedRequest> requests() {
        synchronized (recorded) {
            return new ArrayList<>(recorded);
        }
    }

    /** The recorded requests of one provider format ({@code openai} or {@code anthropic}). */
    public List<RecordedRequest> requests(String provider) {
        return requests().stream().filter(r -> r.provider().equals(provider)).toList();
    }

    public void clearRequests() {
        synchronized (recorded) {
            recorded.clear();
        }
    }

    /** Stops listening and closes every open connection at once (hung and streaming requests included). */
    public Future<Void> close() {
        return server == null ? Future.succeededFuture() : server.shutdown(Duration.ZERO);
    }

    private void handle(HttpServerRequest req) {
        String path = req.path();
        if (path.startsWith(CONTROL)) {
            req.body().onSuccess(body -> control(req, path.substring(CONTROL.length()), body));
            return;
        }
        int slash = path.indexOf('/', 1);
        ProviderMock provider = providers.get(slash < 0 ? path.substring(1) : path.substring(1, slash));
        if (provider == null) {
            ObjectNode err = MockJson.object();
            err.putObject("error").put("message", "no mock provider serves " + path
                    + "; use /openai/..., /anthropic/..., /azure/..., /cohere/... or /local/...");
            req.response().setStatusCode(404).putHeader("content-type", "application/json")
                    .end(Buffer.buffer(MockJson.bytes(err)));
            return;
        }
        req.body().onSuccess(body -> dispatch(req, provider, slash < 0 ? "/" : path.substring(slash), body));
    }

    private void dispatch(HttpServerRequest req, ProviderMock provider, String subPath, Buffer body) {
        JsonNode json = null;
        boolean valid = true;
        if (body.length() > 0) {
            try {
                json = MockJson.MAPPER.readTree(body.getBytes());
            } catch (Exception e) {
                valid = false;
            }
        }
        String model = provider.model(subPath, json);
        String apiKey = provider.apiKey(req);
        if (config.recordRequests()) {
            record(req, body, provider.name(), model, apiKey);
        }
        Exchange exchange = new Exchange(vertx, req, subPath, json, body, valid, apiKey, config, settings);
        FaultAction fault;
        String header = req.getHeader("x-mock-fault");
        try {
            fault = header != null ? FaultAction.parse(header) : faults.apply(provider.name(), model, apiKey,
                    req.path());
        } catch (IllegalArgumentException e) {
            controlJson(req, 400, error(e.getMessage()));
            return;
        }
        if (fault == null) {
            provider.handle(exchange);
        } else if (fault instanceof FaultAction.Status s) {
            var res = req.response().setStatusCode(s.status()).putHeader("content-type", "application/json");
            if (s.retryAfterSeconds() != null) {
                res.putHeader("retry-after", String.valueOf(s.retryAfterSeconds()));
            }
            provider.faultHeaders(s.status()).forEach(res::putHeader);
            res.end(Buffer.buffer(provider.faultBody(s.status())));
        } else if (fault instanceof FaultAction.Reset) {
            req.connection().close();
        } else if (fault instanceof FaultAction.Delay d) {
            vertx.setTimer(Math.max(1, d.ms()), t -> provider.handle(exchange));
        } else if (fault instanceof FaultAction.CutAfter c) {
            exchange.cutAfter(c.chunks());
            provider.handle(exchange);
        }
        // FaultAction.Hang: never answer.
    }

    private void record(HttpServerRequest req, Buffer body, String provider, String model, String apiKey) {
        Map<String, String> headers = new HashMap<>();
        req.headers().forEach(h -> headers.putIfAbsent(h.getKey().toLowerCase(Locale.ROOT), h.getValue()));
        RecordedRequest r = new RecordedRequest(req.method().name(), req.path(), Map.copyOf(headers),
                body.toString(), provider, model, apiKey, Instant.now());
        synchronized (recorded) {
            if (recorded.size() >= config.recordLimit()) {
                recorded.pollFirst();
            }
            recorded.addLast(r);
        }
    }

    private void control(HttpServerRequest req, String what, Buffer body) {
        HttpMethod m = req.method();
        try {
            if (what.equals("health") && m == HttpMethod.GET) {
                controlJson(req, 200, MockJson.object().put("status", "ok"));
            } else if (what.equals("requests") && m == HttpMethod.GET) {
                String provider = req.getParam("provider");
                ArrayNode out = MockJson.MAPPER.createArrayNode();
                for (RecordedRequest r : provider == null ? requests() : requests(provider)) {
                    ObjectNode o = out.addObject();
                    o.put("method", r.method()).put("path", r.path()).put("provider", r.provider())
                            .put("model", r.model()).put("apiKey", r.apiKey())
                            .put("receivedAt", r.receivedAt().toString()).put("body", r.body());
                    ObjectNode h = o.putObject("headers");
                    r.headers().forEach(h::put);
                }
                controlJson(req, 200, out);
            } else if (what.equals("requests") && m == HttpMethod.DELETE) {
                clearRequests();
                req.response().setStatusCode(204).end();
            } else if (what.equals("faults") && m == HttpMethod.GET) {
                controlJson(req, 200, faults.toJson());
            } else if (what.equals("faults") && m == HttpMethod.POST) {
                String id = faults.add(FaultRule.fromJson(MockJson.MAPPER.readTree(body.getBytes())));
                controlJson(req, 201, MockJson.object().put("id", id));
            } else if (what.equals("faults") && m == HttpMethod.DELETE) {
                faults.clear();
                req.response().setStatusCode(204).end();
            } else if (what.startsWith("faults/") && m == HttpMethod.DELETE) {
                boolean removed = faults.remove(what.substring("faults/".length()));
                req.response().setStatusCode(removed ? 204 : 404).end();
            } else if (what.equals("settings") && m == HttpMethod.GET) {
                controlJson(req, 200, settingsJson());
            } else if (what.equals("settings") && m == HttpMethod.PUT) {
                JsonNode s = MockJson.MAPPER.readTree(body.getBytes());
                if (s == null || !s.isObject()) {
                    throw new IllegalArgumentException("settings must be a JSON object");
                }
                if (s.has("latencyMs")) {
                    settings.latencyMs(s.get("latencyMs").asLong());
                }
                if (s.has("ttftMs")) {
                    settings.ttftMs(s.get("ttftMs").asLong());
                }
                if (s.has("interTokenMs")) {
                    settings.interTokenMs(s.get("interTokenMs").asLong());
                }
                controlJson(req, 200, settingsJson());
            } else {
                controlJson(req, 404, error("unknown control endpoint " + m + " " + req.path()));
            }
        } catch (Exception e) {
            controlJson(req, 400, error(String.valueOf(e.getMessage())));
        }
    }

    private ObjectNode settingsJson() {
        return MockJson.object().put("latencyMs", settings.latencyMs()).put("ttftMs", settings.ttftMs())
                .put("interTokenMs", settings.interTokenMs());
    }

    private static ObjectNode error(String message) {
        ObjectNode o = MockJson.object();
        o.putObject("error").put("message", message);
        return o;
    }

    private static void controlJson(HttpServerRequest req, int status, JsonNode body) {
        req.response().setStatusCode(status).putHeader("content-type", "application/json")
                .end(Buffer.buffer(MockJson.bytes(body)));
    }
}
