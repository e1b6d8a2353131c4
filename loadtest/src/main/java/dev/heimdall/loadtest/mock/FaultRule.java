package dev.heimdall.loadtest.mock;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;

/**
 * A fault to inject into matching provider requests.
 *
 * <p>JSON shape (as accepted by {@code POST /_mock/faults} and returned by {@code GET /_mock/faults}, where each
 * entry also carries {@code id}, {@code matched} and {@code remaining}):
 * <pre>{@code
 * {"match":  {"provider": "openai", "model": "gpt-4o", "apiKey": "sk-a", "path": "/openai/v1/chat/completions"},
 *  "action": {"type": "status", "status": 429, "retryAfter": 5},
 *  "rate":   1.0,
 *  "times":  -1}
 * }</pre>
 * Every {@code match} field is optional (absent or null = any). {@code action.type} is one of {@code status}
 * ({@code status}, optional {@code retryAfter} seconds), {@code reset}, {@code delay} ({@code ms}), {@code cut-after}
 * ({@code chunks}) or {@code hang}; {@code action} may also be given in the header form, e.g.
 * {@code "action": "status=429;retry-after=5"}. {@code rate} (default 1) is the deterministic fraction of matching
 * requests hit: the n-th match is hit when {@code floor(n*rate) > floor((n-1)*rate)}, so 0.5 hits every 2nd and 0.25
 * every 4th. {@code times} (default -1 = forever) is how many hits the rule has before it expires.
 *
 * @param match  which requests the rule applies to
 * @param action what happens to them
 * @param rate   fraction of matching requests hit, 0..1
 * @param times  hits before the rule expires, -1 for no limit
 */
public record FaultRule(Match match, FaultAction action, double rate, int times) {

    /**
     * Which requests a rule applies to; a null field matches anything.
     *
     * @param provider {@code openai} or {@code anthropic}
     * @param model    the request's {@code model}
     * @param apiKey   the request's API key
     * @param path     the exact request path
     */
    public record Match(String provider, String model, String apiKey, String path) {
        public static final Match ANY = new Match(null, null, null, null);

        boolean matches(String provider, String model, String apiKey, String path) {
            return (this.provider == null || this.provider.equals(provider))
                    && (this.model == null || this.model.equals(model))
                    && (this.apiKey == null || this.apiKey.equals(apiKey))
                    && (this.path == null || this.path.equals(path));
        }
    }

    public FaultRule {
        Objects.requireNonNull(match, "match");
        Objects.requireNonNull(action, "action");
        if (!(rate >= 0 && rate <= 1)) {
            throw new IllegalArgumentException("rate must be in 0..1, got " + rate);
        }
        if (times < -1) {
            throw new IllegalArgumentException("times must be -1 (forever) or >= 0, got " + times);
        }
    }

    /** A rule hitting every request, forever. */
    public static FaultRule of(FaultAction action) {
        return new FaultRule(Match.ANY, action, 1.0, -1);
    }

    /** Answer every request with {@code status} and a provider-shaped error body. */
    public static FaultRule status(int status) {
        return of(FaultAction.status(status));
    }

    /** Answer every request with {@code status}, a provider-shaped error body and {@code Retry-After}. */
    public static FaultRule status(int status, int retryAfterSeconds) {
        return of(FaultAction.status(status, retryAfterSeconds));
    }

    public static FaultRule reset() {
        return of(FaultAction.reset());
    }

    public static FaultRule delay(long ms) {
        return of(FaultAction.delay(ms));
    }

    public static FaultRule cutAfter(int chunks) {
        return of(FaultAction.cutAfter(chunks));
    }

    public static FaultRule hang() {
        return of(FaultAction.hang());
    }

    public FaultRule provider(String provider) {
        return new FaultRule(new Match(provider, match.model, match.apiKey, match.path), action, rate, times);
    }

    public FaultRule model(String model) {
        return new FaultRule(new Match(match.provider, model, match.apiKey, match.path), action, rate, times);
    }

    public FaultRule apiKey(String apiKey) {
        return new FaultRule(new Match(match.provider, match.model, apiKey, match.path), action, rate, times);
    }

    public FaultRule path(String path) {
        return new FaultRule(new Match(match.provider, match.model, match.apiKey, path), action, rate, times);
    }

    public FaultRule rate(double rate) {
        return new FaultRule(match, action, rate, times);
    }

    public FaultRule times(int times) {
        return new FaultRule(match, action, rate, times);
    }

    /** Parses the JSON shape documented on this class; throws {@link IllegalArgumentException} when invalid. */
    public static FaultRule fromJson(JsonNode json) {
        if (json == null || !json.isObject()) {
            throw new IllegalArgumentException("a fault rule must be a JSON object");
        }
        JsonNode m = json.path("match");
        Match match = m.isObject()
                ? new Match(text(m, "provider"), text(m, "model"), text(m, "apiKey"), text(m, "path"))
                : Match.ANY;
        JsonNode a = json.get("action");
        FaultAction action;
        if (a == null || a.isNull()) {
            throw new IllegalArgumentException("a fault rule needs an 'action'");
        } else if (a.isTextual()) {
            action = FaultAction.parse(a.asText());
        } else {
            String type = text(a, "type");
            if (type == null) {
                throw new IllegalArgumentException("'action.type' is required: status, reset, delay, cut-after, hang");
            }
            action = switch (type) {
                case "status" -> new FaultAction.Status(a.path("status").asInt(0),
                        a.hasNonNull("retryAfter") ? a.get("retryAfter").asInt() : null);
                case "reset" -> FaultAction.reset();
                case "delay" -> FaultAction.delay(a.path("ms").asLong(0));
                case "cut-after" -> FaultAction.cutAfter(a.path("chunks").asInt(0));
                case "hang" -> FaultAction.hang();
                default -> throw new IllegalArgumentException("unknown action.type '" + type
                        + "', expected status, reset, delay, cut-after or hang");
            };
        }
        return new FaultRule(match, action, json.path("rate").asDouble(1.0), json.path("times").asInt(-1));
    }

    /** This rule in the JSON shape documented on this class. */
    public ObjectNode toJson() {
        JsonNodeFactory f = JsonNodeFactory.instance;
        ObjectNode json = f.objectNode();
        ObjectNode m = json.putObject("match");
        m.put("provider", match.provider).put("model", match.model).put("apiKey", match.apiKey)
                .put("path", match.path);
        ObjectNode a = json.putObject("action");
        if (action instanceof FaultAction.Status s) {
            a.put("type", "status").put("status", s.status()).put("retryAfter", s.retryAfterSeconds());
        } else if (action instanceof FaultAction.Reset) {
            a.put("type", "reset");
        } else if (action instanceof FaultAction.Delay d) {
            a.put("type", "delay").put("ms", d.ms());
        } else if (action instanceof FaultAction.CutAfter c) {
            a.put("type", "cut-after").put("chunks", c.chunks());
        } else {
            a.put("type", "hang");
        }
        json.put("rate", rate).put("times", times);
        return json;
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }
}
