package dev.heimdall.node;

import dev.heimdall.node.ingress.AuthenticationHandler;
import dev.heimdall.node.ingress.IngressRequests;
import dev.heimdall.node.pipeline.RequestRecorder;
import dev.heimdall.node.ingress.RequestTiming;
import dev.heimdall.node.ingress.anthropic.AnthropicErrors;
import dev.heimdall.node.ingress.anthropic.AnthropicIngress;
import dev.heimdall.node.ingress.gemini.GeminiErrors;
import dev.heimdall.node.ingress.gemini.GeminiIngress;
import dev.heimdall.node.ingress.openai.OpenAiErrors;
import dev.heimdall.node.ingress.openai.OpenAiIngress;
import dev.heimdall.node.ingress.responses.ResponsesIngress;
import dev.heimdall.node.pipeline.Gateway;
import dev.heimdall.node.upstream.UpstreamClients;
import dev.heimdall.node.lifecycle.Drain;
import dev.heimdall.node.lifecycle.InFlightRequests;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.IntConsumer;

/**
 * The HTTP surface on one event loop: one instance per event loop, all listening on the same port (Vert.x spreads
 * connections across them), each with its own upstream clients so a request never changes thread.
 */
final class GatewayVerticle extends VerticleBase {

    private static final Logger LOG = LoggerFactory.getLogger(GatewayVerticle.class);

    private final Gateway gateway;
    private final AtomicBoolean ready;
    private final Drain drain;
    private final IntConsumer onListening;
    private final Consumer<Router> governanceRoutes;
    /** This event loop's open connections, touched on the loop only. */
    private final Set<HttpConnection> connections = new HashSet<>();
    private UpstreamClients clients;

    /**
     * @param ready            false until the node has started
     * @param drain            counts the requests in flight; while it drains, connections close after each response
     * @param governanceRoutes adds the admin API and the self-service routes, ahead of the ingress APIs
     */
    GatewayVerticle(Gateway gateway, AtomicBoolean ready, Drain drain, IntConsumer onListening,
                    Consumer<Router> governanceRoutes) {
        this.gateway = gateway;
        this.ready = ready;
        this.drain = drain;
        this.onListening = onListening;
        this.governanceRoutes = governanceRoutes;
    }

    @Override
    public Future<?> start() {
        clients = new UpstreamClients(vertx, gateway.providers());
        Router router = Router.router(vertx);
        InFlightRequests requests = drain.requests();
        router.route().handler(ctx -> {
            ctx.put(RequestTiming.START_NANOS, System.nanoTime());
            requests.started();
            ctx.addEndHandler(ended -> requests.ended());
            if (drain.draining()) {
                closeAfterResponse(ctx.request().connection(), ctx);
            }
            ctx.next();
        });
        // before the body is read: a client without a valid key costs no buffering
        AuthenticationHandler authentication = new AuthenticationHandler(gateway);
        router.route("/v1/*").handler(authentication);
        router.route("/v1beta/*").handler(authentication);
        governanceRoutes.accept(router);
        router.post().handler(BodyHandler.create(false).setBodyLimit(gateway.server().maxBodyBytes()));
        router.get("/health/live").handler(ctx -> json(ctx, 200, "{\"status\":\"live\"}"));
        router.get("/health/ready").handler(ctx -> {
            if (drain.draining()) {
                json(ctx, 503, "{\"status\":\"draining\"}");
            } else if (ready.get()) {
                json(ctx, 200, "{\"status\":\"ready\"}");
            } else {
                json(ctx, 503, "{\"status\":\"not ready\"}");
            }
        });
        router.get("/metrics").handler(ctx -> ctx.response()
                .putHeader("content-type", "text/plain; version=0.0.4; charset=utf-8")
                .end(gateway.metrics().scrape()));
        new OpenAiIngress(vertx, gateway, clients).register(router);
        new AnthropicIngress(vertx, gateway, clients).register(router);
        new ResponsesIngress(vertx, gateway, clients).register(router);
        new GeminiIngress(vertx, gateway, clients).register(router);

        RequestRecorder refusals = new RequestRecorder(gateway);
        router.errorHandler(413, ctx -> {
            recordRefusal(refusals, ctx, 413);
            String message = "Request body too large: the limit is " + gateway.server().maxBodyBytes() + " bytes.";
            if (isAnthropicPath(ctx)) {
                AnthropicErrors.send(ctx.response(), 413, message);
            } else if (isGeminiPath(ctx)) {
                GeminiErrors.send(ctx.response(), 413, message);
            } else {
                OpenAiErrors.invalidRequest(ctx.response(), 413, message, null);
            }
        });
        router.errorHandler(404, ctx -> {
            recordRefusal(refusals, ctx, 404);
            OpenAiErrors.send(ctx.response(), 404, "Unknown request URL: " + ctx.request().method() + " "
                    + safePath(ctx) + ".", "invalid_request_error", null, "unknown_url");
        });
        router.errorHandler(405, ctx -> {
            recordRefusal(refusals, ctx, 405);
            OpenAiErrors.send(ctx.response(), 405, "Method " + ctx.request().method() + " is not allowed on "
                    + safePath(ctx) + ".", "invalid_request_error", null, "method_not_allowed");
        });
        router.errorHandler(400, ctx -> {
            recordRefusal(refusals, ctx, 400);
            OpenAiErrors.invalidRequest(ctx.response(), 400, "Malformed request.", null);
        });
        router.errorHandler(500, ctx -> {
            LOG.error("unhandled failure on {}", safePath(ctx), ctx.failure());
            OpenAiErrors.send(ctx.response(), 500, "Internal gateway error.", "server_error", null, null);
        });

        HttpServerOptions options = new HttpServerOptions()
                .setHost(gateway.server().host())
                .setPort(gateway.server().port())
                .setTcpNoDelay(true)
                .setMaxHeaderSize(64 * 1024)
                .setIdleTimeout(0);
        Context loop = context;
        drain.onBegin(() -> loop.runOnContext(v -> List.copyOf(connections).forEach(this::closeWhenIdle)));
        return vertx.createHttpServer(options)
                .connectionHandler(connection -> {
                    connections.add(connection);
                    connection.closeHandler(closed -> connections.remove(connection));
                })
                .requestHandler(router)
                .listen()
                .onSuccess(server -> onListening.accept(server.actualPort()));
    }

    @Override
    public Future<?> stop() {
        clients.close();
        return Future.succeededFuture();
    }

    /**
     * A draining node closes every HTTP/1 connection once its current response is out, so that the client's next
     * request opens a new connection, which the balancer sends to a node in rotation. The header tells the client
     * first.
     */
    private void closeAfterResponse(HttpConnection connection, RoutingContext ctx) {
        if (connection.protocolVersion() != HttpVersion.HTTP_2) {
            ctx.response().putHeader(HttpHeaders.CONNECTION, HttpHeaders.CLOSE);
            closeWhenIdle(connection);
        }
    }

    /**
     * Closes an idle HTTP/1 connection now and a busy one after its response, or at the drain's deadline. HTTP/2
     * connections are left to the node's stop: a GOAWAY now fails the streams in flight on some clients (Java 17's
     * HTTP client, for one), where HTTP/1 has a clean way to close between two requests.
     */
    private void closeWhenIdle(HttpConnection connection) {
        if (connection.protocolVersion() != HttpVersion.HTTP_2) {
            connection.shutdown(drain.remaining());
        }
    }

    /**
     * A request to an ingress API that the HTTP layer refused before any ingress handler saw it (body too large,
     * unknown path, wrong method, malformed) is still a request: it gets its metrics and its audit record.
     */
    private static void recordRefusal(RequestRecorder recorder, RoutingContext ctx, int status) {
        String path = ctx.request().path();
        if (path != null && (path.startsWith("/v1/") || path.startsWith("/v1beta/"))) {
            recorder.record(IngressRequests.scope(ctx, AuthenticationHandler.ingressOf(path)), status, null);
        }
    }

    /** Anthropic clients get Anthropic's error shape even for failures before their handler runs. */
    private static boolean isAnthropicPath(RoutingContext ctx) {
        String path = ctx.request().path();
        return path != null && path.startsWith("/v1/messages");
    }

    /** Google's clients get Google's error shape even for failures before their handler runs. */
    private static boolean isGeminiPath(RoutingContext ctx) {
        String path = ctx.request().path();
        return path != null && path.startsWith("/v1beta/");
    }

    private static void json(RoutingContext ctx, int status, String body) {
        ctx.response().setStatusCode(status).putHeader("content-type", "application/json").end(body);
    }

    /** The request path with anything that could forge a log line or header stripped. */
    private static String safePath(RoutingContext ctx) {
        String path = ctx.request().path();
        if (path == null) {
            return "";
        }
        String clean = path.replaceAll("[^\\x21-\\x7e]", "?");
        return clean.length() > 200 ? clean.substring(0, 200) + "..." : clean;
    }
}
