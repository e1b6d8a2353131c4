package dev.heimdall.node.ingress;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.heimdall.node.observability.RequestIds;
import dev.heimdall.node.pipeline.RequestScope;
import dev.heimdall.node.pipeline.RouteQuery;
import dev.heimdall.providers.canonical.ChatRequest;
import dev.heimdall.providers.json.TopLevelFieldRewriter;
import dev.heimdall.providers.spi.InvalidRequestException;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;

import java.util.ArrayList;
import java.util.List;

/**
 * The first steps every ingress API takes with an HTTP request: open its scope, read its JSON body, gather what
 * routing needs from body and headers.
 */
public final class IngressRequests {

    private IngressRequests() {
    }

    /** Where {@link AuthenticationHandler} leaves the scope it opened, with the authenticated key in it. */
    static final String SCOPE = "heimdall.scope";

    /**
     * The request's scope, timed from when the router first saw it, under the client's request id if sane: the one
     * authentication opened, or a new one.
     */
    public static RequestScope scope(RoutingContext ctx, String ingress) {
        RequestScope opened = ctx.get(SCOPE);
        RequestScope scope;
        if (opened != null && opened.ingress().equals(ingress)) {
            scope = opened;
        } else {
            scope = newScope(ctx, ingress);
            if (opened != null) {
                scope.keyContext(opened.keyContext(), opened.budgetUsedPercent());
            }
        }
        // a reference only: the audit log copies what it keeps, when it keeps bodies
        scope.requestBody(ctx.body().buffer());
        return scope;
    }

    private static RequestScope newScope(RoutingContext ctx, String ingress) {
        Long start = ctx.get(RequestTiming.START_NANOS);
        RequestScope scope = new RequestScope(RequestIds.fromClientOrNew(ctx.request().getHeader("x-request-id")), ingress,
                start != null ? start : System.nanoTime());
        scope.clientTimeoutMillis(clientTimeoutMillis(ctx.request().getHeader("x-heimdall-timeout-ms")));
        return scope;
    }

    /** A positive number of milliseconds, or -1 when absent or not one (the server's request timeout then rules). */
    static long clientTimeoutMillis(String header) {
        if (header == null || header.isEmpty() || header.length() > 12) {
            return -1;
        }
        for (int i = 0; i < header.length(); i++) {
            if (header.charAt(i) < '0' || header.charAt(i) > '9') {
                return -1;
            }
        }
        long millis = Long.parseLong(header);
        return millis > 0 ? millis : -1;
    }

    /**
     * The body as a JSON object; {@link Json.BadJson} when it is not one or is not sent as JSON. The gateway's own
     * {@code fallbacks} field is taken out of it (see {@link #requestFallbacks}), so no upstream ever sees it.
     *
     * @throws InvalidRequestException when {@code fallbacks} is not a list of model names
     */
    public static ObjectNode jsonBody(RoutingContext ctx) {
        String contentType = ctx.request().getHeader("content-type");
        if (contentType != null && !contentType.toLowerCase().contains("json")) {
            throw new Json.BadJson("Unsupported content type '" + contentType.replaceAll("[^\\x20-\\x7e]", "?")
                    + "': send the request body as JSON with Content-Type: application/json.");
        }
        Buffer body = ctx.body().buffer();
        ObjectNode json = Json.parseObject(body == null ? new byte[0] : body.getBytes());
        JsonNode fallbacks = json.remove(FALLBACKS_FIELD);
        if (fallbacks != null && !fallbacks.isNull()) {
            ctx.put(FALLBACKS_FIELD, fallbackNames(fallbacks));
        }
        return json;
    }

    private static final String FALLBACKS_FIELD = "fallbacks";
    private static final String FALLBACKS_HEADER = "x-heimdall-fallbacks";

    private static List<String> fallbackNames(JsonNode fallbacks) {
        if (!fallbacks.isArray()) {
            throw new InvalidRequestException(FALLBACKS_FIELD,
                    "fallbacks must be an array of model names (aliases or provider/model).");
        }
        List<String> names = new ArrayList<>(fallbacks.size());
        for (int i = 0; i < fallbacks.size(); i++) {
            JsonNode name = fallbacks.get(i);
            if (!name.isTextual() || name.asText().isBlank()) {
                throw new InvalidRequestException(FALLBACKS_FIELD + "[" + i + "]",
                        "fallbacks[" + i + "] must be a model name (an alias or provider/model).");
            }
            names.add(name.asText().strip());
        }
        return names;
    }

    /**
     * The request's own fallback chain: the body's {@code fallbacks} array (read by {@link #jsonBody}) or else the
     * comma-separated {@code x-heimdall-fallbacks} header; empty when neither is given.
     */
    public static List<String> requestFallbacks(RoutingContext ctx) {
        List<String> fromBody = ctx.get(FALLBACKS_FIELD);
        if (fromBody != null) {
            return fromBody;
        }
        String header = ctx.request().getHeader(FALLBACKS_HEADER);
        if (header == null || header.isBlank()) {
            return List.of();
        }
        List<String> names = new ArrayList<>();
        for (String name : header.split(",")) {
            if (!name.isBlank()) {
                names.add(name.strip());
            }
        }
        return names;
    }

    /** What routing needs to know about a chat request, from the request and its headers. */
    public static RouteQuery routeQuery(RoutingContext ctx, ChatRequest request) {
        return RouteQuery.of(request, headerMetadata(ctx)).withFallbacks(requestFallbacks(ctx));
    }

    /**
     * The body's bytes as the client sent them, for a pass-through upstream: without the gateway's own
     * {@code fallbacks} field when {@link #jsonBody} found one.
     */
    public static byte[] relayBody(RoutingContext ctx) {
        Buffer body = ctx.body().buffer();
        byte[] bytes = body == null ? new byte[0] : body.getBytes();
        return ctx.get(FALLBACKS_FIELD) != null ? TopLevelFieldRewriter.remove(bytes, FALLBACKS_FIELD) : bytes;
    }

    private static final String META_PREFIX = "x-heimdall-meta-";

    /** Request metadata from {@code x-heimdall-meta-<name>} headers, names lower-cased. */
    public static java.util.Map<String, String> headerMetadata(RoutingContext ctx) {
        java.util.Map<String, String> metadata = null;
        for (java.util.Map.Entry<String, String> header : ctx.request().headers()) {
            String name = header.getKey();
            if (name.length() > META_PREFIX.length() && name.regionMatches(true, 0, META_PREFIX, 0, META_PREFIX.length())) {
                if (metadata == null) {
                    metadata = new java.util.HashMap<>();
                }
                metadata.put(name.substring(META_PREFIX.length()).toLowerCase(java.util.Locale.ROOT), header.getValue());
            }
        }
        return metadata == null ? java.util.Map.of() : metadata;
    }
}
