package dev.heimdall.node.admin;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.heimdall.cluster.admin.MemberCommands;
import dev.heimdall.governance.audit.AuditJson;
import dev.heimdall.governance.audit.AuditPage;
import dev.heimdall.governance.audit.AuditQuery;
import dev.heimdall.governance.keys.Team;
import dev.heimdall.governance.store.EntityKind;
import dev.heimdall.governance.store.GovernanceChangeListener;
import dev.heimdall.governance.store.GovernanceStore;
import dev.heimdall.governance.store.json.GovernanceDocuments;
import dev.heimdall.node.config.AdminConfig;
import dev.heimdall.node.config.AdminTokenConfig;
import dev.heimdall.node.config.GuardrailDocuments;
import dev.heimdall.node.config.RoutingDocuments;
import dev.heimdall.node.pipeline.AuditTrail;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.function.Consumer;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

/**
 * The admin REST API under {@code /admin/v1}: CRUD of every governance entity, virtual-key rotation, usage, the
 * audit log, the admin tokens, the cluster's members and their drains, and the OpenAPI document. Every change is recorded in the audit log. Every request needs an admin token ({@code Authorization: Bearer}); its
 * role decides what it may do. Work that touches the store runs on one worker thread (closed with the Vert.x
 * instance), never on an event loop. One instance serves every event loop: {@link #register} adds its routes to each
 * loop's router.
 */
public final class AdminApi {

    public static final String BASE = "/admin/v1";
    static final int MAX_BODY_BYTES = 512 * 1024;

    private static final Logger LOG = LoggerFactory.getLogger(AdminApi.class);
    private static final String PRINCIPAL = "heimdall.admin.principal";

    private final Vertx vertx;
    private final AdminAuthenticator authenticator;
    private final List<Consumer<Router>> extensions = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final List<AdminTokenConfig> tokens;
    private final EntityService entities;
    private final UsageService usage;
    private final ClusterService cluster;
    private final AuditService audit;
    private final Buffer openApi;
    private final WorkerExecutor worker;

    /**
     * @param routing  reads providers, aliases and rules with the config file's parser, over the file's own (never
     *                 with the environment: API documents are literal)
     * @param listener told after every successful write
     * @param cluster  the cluster view and drain commands
     * @param trail    where the audit records of changes go
     */
    public AdminApi(Vertx vertx, AdminConfig config, GovernanceStore store, RoutingDocuments routingDocuments,
                    GovernanceChangeListener listener, ClusterService cluster, AuditTrail trail, Clock clock) {
        this.vertx = vertx;
        this.authenticator = new AdminAuthenticator(config.tokens());
        this.tokens = config.tokens();
        RoutingCheck routing = new RoutingCheck(routingDocuments);
        this.entities = new EntityService(store, entityTypes(routing), new VirtualKeyType(), listener,
                new AdminChanges(trail), clock);
        this.usage = new UsageService(store, clock);
        this.cluster = cluster;
        this.audit = new AuditService(store.audit());
        this.openApi = Buffer.buffer(AdminJson.bytes(OpenApiDocument.build(AdminRoute.ALL)));
        this.worker = vertx.createSharedWorkerExecutor("heimdall-admin", 1);
    }

    private static List<EntityType> entityTypes(RoutingCheck routing) {
        return List.of(
                new ProviderType(routing),
                new RoutingEntityType(EntityKind.MODEL_ALIAS, routing),
                new RoutingEntityType(EntityKind.ROUTING_RULE, routing),
                new GovernanceEntityType<>(EntityKind.CUSTOMER, GovernanceDocuments::customer,
                        GovernanceDocuments::write, List.of(),
                        List.of(new References.Referrer(EntityKind.TEAM, "customer"))),
                new GovernanceEntityType<>(EntityKind.TEAM, GovernanceDocuments::team, GovernanceDocuments::write,
                        List.of(new References.Reference<>("customer", EntityKind.CUSTOMER, Team::customerId)),
                        List.of(new References.Referrer(EntityKind.VIRTUAL_KEY, "team"))),
                new GovernanceEntityType<>(EntityKind.ACCESS_PROFILE, GovernanceDocuments::profile,
                        GovernanceDocuments::write,
                        List.of(new References.Reference<>("guardrails", EntityKind.GUARDRAIL_POLICY,
                                profile -> profile.policy().guardrails())),
                        List.of(new References.Referrer(EntityKind.VIRTUAL_KEY, "profile"))),
                // stored as written, once the configuration file's parser accepts it as a policy
                new GovernanceEntityType<ObjectNode>(EntityKind.GUARDRAIL_POLICY, json -> {
                    GuardrailDocuments.read(json);
                    return (ObjectNode) json;
                }, policy -> policy, List.of(),
                        List.of(new References.Referrer(EntityKind.ACCESS_PROFILE, "guardrails"),
                                new References.Referrer(EntityKind.VIRTUAL_KEY, "guardrails"))));
    }

    /**
     * Adds routes of another part of the node under {@code /admin/v1}, behind the same tokens (any role: they only
     * read), with paths relative to it; call before {@link #register}.
     */
    public AdminApi extend(Consumer<Router> routes) {
        extensions.add(routes);
        return this;
    }

    /** Adds {@code /admin/v1/*} to {@code router}; call it before any route that would take those paths. */
    public void register(Router router) {
        Router api = Router.router(vertx);
        api.route().handler(this::authenticate);
        api.route().handler(BodyHandler.create(false).setBodyLimit(MAX_BODY_BYTES));
        extensions.forEach(extension -> extension.accept(api));
        for (AdminRoute route : AdminRoute.ALL) {
            api.route(route.method(), route.vertxPath()).handler(ctx -> dispatch(route, ctx));
        }
        api.route().handler(this::unknownEndpoint);
        api.route().failureHandler(this::failure);
        router.route(BASE + "/*").subRouter(api);
    }

    private void authenticate(RoutingContext ctx) {
        AdminPrincipal who = authenticator.authenticate(ctx.request().getHeader(HttpHeaders.AUTHORIZATION)).orElse(null);
        if (who == null) {
            ctx.response().putHeader("WWW-Authenticate", "Bearer realm=\"heimdall-admin\"");
            sendFailure(ctx, AdminFailure.unauthorized(ctx.request().getHeader(HttpHeaders.AUTHORIZATION) == null
                    ? "Admin API requests need an admin token: Authorization: Bearer <token>."
                    : "The admin token is not valid."));
            return;
        }
        ctx.put(PRINCIPAL, who);
        ctx.next();
    }

    private void dispatch(AdminRoute route, RoutingContext ctx) {
        AdminPrincipal who = ctx.get(PRINCIPAL);
        try {
            who.require(route.action());
            switch (route.operation()) {
                case OPENAPI -> send(ctx, 200, openApi, Map.of());
                case ADMIN_TOKENS -> send(ctx, AdminReply.ok(adminTokens()));
                case AUDIT -> auditLog(ctx);
                default -> onWorker(ctx, work(route, ctx, who));
            }
        } catch (AdminFailure failure) {
            sendFailure(ctx, failure);
        }
    }

    /** The blocking part of a request; reading the request itself happens here too, off the event loop. */
    private Callable<AdminReply> work(AdminRoute route, RoutingContext ctx, AdminPrincipal who) {
        EntityKind kind = route.kind();
        String id = ctx.pathParam("id");
        Long ifMatch = ifMatch(ctx);
        Map<String, String> query = query(ctx.queryParams(), switch (route.operation()) {
            case LIST -> List.of("limit", "cursor");
            case USAGE -> UsageService.PARAMETERS;
            default -> List.of();
        });
        return switch (route.operation()) {
            case LIST -> {
                int limit = limit(query.get("limit"), EntityService.DEFAULT_PAGE, EntityService.MAX_PAGE);
                yield () -> entities.list(kind, limit, query.get("cursor"));
            }
            case GET -> () -> entities.get(kind, id);
            case CREATE -> {
                byte[] body = jsonBody(ctx, false);
                yield () -> entities.create(kind, AdminJson.requestObject(body), who);
            }
            case REPLACE -> {
                byte[] body = jsonBody(ctx, false);
                yield () -> entities.replace(kind, id, AdminJson.requestObject(body), ifMatch, who);
            }
            case PATCH -> {
                byte[] body = jsonBody(ctx, true);
                yield () -> entities.patch(kind, id, AdminJson.requestObject(body), ifMatch, who);
            }
            case DELETE -> () -> entities.delete(kind, id, ifMatch, who);
            case ROTATE -> {
                byte[] body = ctx.body().buffer() == null || ctx.body().buffer().length() == 0
                        ? null : jsonBody(ctx, false);
                yield () -> entities.rotate(id, body == null ? AdminJson.NODES.objectNode()
                        : AdminJson.requestObject(body), ifMatch, who);
            }
            case USAGE -> () -> usage.usage(query);
            case CLUSTER -> cluster::cluster;
            case MEMBER -> () -> cluster.member(id);
            case DRAIN -> () -> cluster.command(id, MemberCommands.Command.DRAIN);
            case UNDRAIN -> () -> cluster.command(id, MemberCommands.Command.UNDRAIN);
            case AUDIT, ADMIN_TOKENS, OPENAPI -> throw new IllegalStateException(route.operation() + " is answered directly");
        };
    }

    private void onWorker(RoutingContext ctx, Callable<AdminReply> work) {
        Future<AdminReply> reply = worker.executeBlocking(work);
        reply.onComplete(done -> {
            if (done.succeeded()) {
                send(ctx, done.result());
            } else if (done.cause() instanceof AdminFailure failure) {
                sendFailure(ctx, failure);
            } else {
                LOG.error("admin request {} {} failed", ctx.request().method(), ctx.normalizedPath(), done.cause());
                sendFailure(ctx, AdminFailure.internal());
            }
        });
    }

    /** A page of the audit log, or every matching record as JSON lines, read a page at a time on the worker. */
    private void auditLog(RoutingContext ctx) {
        Map<String, String> params = query(ctx.queryParams(), AuditService.PARAMETERS);
        boolean export = AuditService.export(params);
        AuditQuery query = AuditService.query(params, export);
        if (!export) {
            onWorker(ctx, () -> AuditService.reply(audit.page(query)));
            return;
        }
        ctx.response().setStatusCode(200).setChunked(true)
                .putHeader(HttpHeaders.CONTENT_TYPE, "application/x-ndjson")
                .putHeader(HttpHeaders.CACHE_CONTROL, "no-store");
        exportFrom(ctx.response(), query);
    }

    /** Writes the page {@code query} selects and goes on with the next once the client has taken it. */
    private void exportFrom(HttpServerResponse response, AuditQuery query) {
        worker.executeBlocking(() -> audit.page(query)).onComplete(done -> {
            if (response.closed()) {
                return;
            }
            if (done.failed()) {
                // the status is sent already: cut the connection, so the client cannot mistake a part for the whole
                LOG.error("audit export failed", done.cause());
                response.reset();
                return;
            }
            AuditPage page = done.result();
            Buffer lines = Buffer.buffer(page.records().size() * 768);
            page.records().forEach(record -> lines.appendString(AuditJson.line(record)));
            if (page.next() == null) {
                response.end(lines);
                return;
            }
            response.write(lines);
            AuditQuery next = query.after(page.next());
            if (response.writeQueueFull()) {
                response.drainHandler(v -> exportFrom(response, next));
            } else {
                exportFrom(response, next);
            }
        });
    }

    private ObjectNode adminTokens() {
        ObjectNode body = AdminJson.NODES.objectNode();
        ArrayNode data = body.putArray("data");
        tokens.forEach(token -> data.addObject().put("name", token.name())
                .put("role", token.role().name().toLowerCase(Locale.ROOT)));
        return body;
    }

    private void unknownEndpoint(RoutingContext ctx) {
        String path = ctx.normalizedPath().substring(BASE.length());
        List<HttpMethod> allowed = AdminRoute.ALL.stream().filter(route -> route.matchesPath(path))
                .map(AdminRoute::method).distinct().toList();
        if (allowed.isEmpty()) {
            sendFailure(ctx, AdminFailure.notFound("No admin endpoint at " + BASE + safe(path) + "."));
        } else {
            ctx.response().putHeader(HttpHeaders.ALLOW,
                    allowed.stream().map(HttpMethod::name).collect(Collectors.joining(", ")));
            sendFailure(ctx, AdminFailure.methodNotAllowed("Method " + ctx.request().method().name()
                    + " is not allowed here; allowed: " + allowed.stream().map(HttpMethod::name)
                    .collect(Collectors.joining(", ")) + "."));
        }
    }

    private void failure(RoutingContext ctx) {
        if (ctx.failure() instanceof AdminFailure failure) {
            sendFailure(ctx, failure);
        } else if (ctx.statusCode() == 413) {
            sendFailure(ctx, AdminFailure.tooLarge("The request body is larger than " + MAX_BODY_BYTES + " bytes."));
        } else if (ctx.statusCode() >= 400 && ctx.statusCode() < 500) {
            sendFailure(ctx, AdminFailure.invalid(null, "Malformed request."));
        } else {
            LOG.error("admin request {} {} failed", ctx.request().method(), safe(ctx.normalizedPath()), ctx.failure());
            sendFailure(ctx, AdminFailure.internal());
        }
    }

    private static byte[] jsonBody(RoutingContext ctx, boolean mergePatch) {
        String type = ctx.request().getHeader(HttpHeaders.CONTENT_TYPE);
        String mediaType = type == null ? "" : type.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
        if (!(mediaType.equals("application/json") || mergePatch && mediaType.equals("application/merge-patch+json"))) {
            throw AdminFailure.unsupportedMediaType("Expected Content-Type: application/json"
                    + (mergePatch ? " or application/merge-patch+json" : "") + ".");
        }
        return ctx.body().buffer() == null ? new byte[0] : ctx.body().buffer().getBytes();
    }

    /** The version an {@code If-Match} header names, or null without one (or with {@code *}). */
    private static Long ifMatch(RoutingContext ctx) {
        String header = ctx.request().getHeader(HttpHeaders.IF_MATCH);
        if (header == null || header.strip().equals("*")) {
            return null;
        }
        String tag = header.strip();
        if (tag.startsWith("W/")) {
            tag = tag.substring(2);
        }
        if (tag.length() >= 2 && tag.startsWith("\"") && tag.endsWith("\"")) {
            tag = tag.substring(1, tag.length() - 1);
        }
        try {
            return Long.parseLong(tag);
        } catch (NumberFormatException e) {
            throw AdminFailure.preconditionFailed("If-Match does not name a version of this entity; send back the ETag"
                    + " of a GET.");
        }
    }

    private static Map<String, String> query(MultiMap params, List<String> allowed) {
        Map<String, String> query = new HashMap<>();
        for (String name : params.names()) {
            if (!allowed.contains(name)) {
                throw AdminFailure.invalid(name, allowed.isEmpty() ? "This endpoint takes no query parameters."
                        : "Unknown query parameter; expected one of " + String.join(", ", allowed) + ".");
            }
            List<String> values = params.getAll(name);
            if (values.size() != 1) {
                throw AdminFailure.invalid(name, "Expected the query parameter once.");
            }
            query.put(name, values.get(0));
        }
        return query;
    }

    /** The {@code limit} query parameter: {@code fallback} when absent, else an integer from 1 to {@code max}. */
    static int limit(String text, int fallback, int max) {
        if (text == null) {
            return fallback;
        }
        try {
            int limit = Integer.parseInt(text);
            if (limit >= 1 && limit <= max) {
                return limit;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw AdminFailure.invalid("limit", "Expected an integer between 1 and " + max + ".");
    }

    private static void send(RoutingContext ctx, AdminReply reply) {
        send(ctx, reply.status(), reply.body() == null ? null : Buffer.buffer(AdminJson.bytes(reply.body())),
                reply.headers());
    }

    private static void send(RoutingContext ctx, int status, Buffer body, Map<String, String> headers) {
        HttpServerResponse response = ctx.response().setStatusCode(status);
        headers.forEach(response::putHeader);
        response.putHeader(HttpHeaders.CACHE_CONTROL, "no-store");
        if (body == null) {
            response.end();
        } else {
            response.putHeader(HttpHeaders.CONTENT_TYPE, "application/json").end(body);
        }
    }

    private static void sendFailure(RoutingContext ctx, AdminFailure failure) {
        if (ctx.response().ended()) {
            return;
        }
        send(ctx, failure.status(), Buffer.buffer(AdminJson.bytes(AdminJson.error(failure.type(), failure.getMessage(),
                failure.field()))), Map.of());
    }

    /** A path fit for a message or a log line: printable ASCII only, at most 200 characters. */
    private static String safe(String path) {
        String clean = path.replaceAll("[^\\x21-\\x7e]", "?");
        return clean.length() > 200 ? clean.substring(0, 200) + "..." : clean;
    }
}
