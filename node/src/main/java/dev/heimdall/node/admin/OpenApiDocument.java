package dev.heimdall.node.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.heimdall.governance.audit.AuditQuery;
import dev.heimdall.governance.store.EntityKind;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The OpenAPI 3.1 document of the admin API: the paths come from the same route table as the router, the schemas
 * from {@code admin-schemas.json} beside this class (JSON Schema 2020-12, written by hand).
 */
final class OpenApiDocument {

    private static final String SCHEMAS = "admin-schemas.json";
    private static final Map<EntityKind, String[]> NAMES = Map.of(
            EntityKind.PROVIDER, new String[] {"Provider", "Providers"},
            EntityKind.MODEL_ALIAS, new String[] {"ModelAlias", "ModelAliases"},
            EntityKind.ROUTING_RULE, new String[] {"RoutingRule", "RoutingRules"},
            EntityKind.CUSTOMER, new String[] {"Customer", "Customers"},
            EntityKind.TEAM, new String[] {"Team", "Teams"},
            EntityKind.VIRTUAL_KEY, new String[] {"VirtualKey", "VirtualKeys"},
            EntityKind.ACCESS_PROFILE, new String[] {"AccessProfile", "AccessProfiles"},
            EntityKind.GUARDRAIL_POLICY, new String[] {"GuardrailPolicy", "GuardrailPolicies"});

    private OpenApiDocument() {
    }

    static ObjectNode build(List<AdminRoute> routes) {
        ObjectNode doc = AdminJson.NODES.objectNode().put("openapi", "3.1.0");
        doc.putObject("info")
                .put("title", "Heimdall admin API")
                .put("version", "1")
                .put("description", "Governance entities (providers, model aliases, routing rules, customers, teams,"
                        + " virtual keys, access profiles, guardrail policies), usage, the audit log, the admin tokens,"
                        + " and the cluster's members and their drains. Every request needs an admin token as"
                        + " Authorization: Bearer; viewers may read, operators may change everything (and drain"
                        + " members) but provider secrets and admin tokens, admins everything. Writes take"
                        + " If-Match with the ETag of a read and answer 412 when the entity changed meanwhile."
                        + " Errors: {\"error\":{\"type\",\"message\",\"field\"}}.");
        doc.putArray("servers").addObject().put("url", "/");
        doc.putArray("security").addObject().putArray("adminToken");
        ObjectNode paths = doc.putObject("paths");
        for (AdminRoute route : routes) {
            String path = AdminApi.BASE + route.path();
            ObjectNode item = paths.has(path) ? (ObjectNode) paths.get(path) : paths.putObject(path);
            item.set(route.method().name().toLowerCase(Locale.ROOT), operation(route));
        }
        paths.putObject(KeyInfoApi.PATH).set("get", keyInfoOperation());
        ObjectNode components = doc.putObject("components");
        ObjectNode security = components.putObject("securitySchemes");
        security.putObject("adminToken").put("type", "http").put("scheme", "bearer");
        security.putObject("virtualKey").put("type", "http").put("scheme", "bearer")
                .put("description", "A virtual key; also accepted as x-api-key or x-goog-api-key.");
        ObjectNode schemas = components.putObject("schemas");
        schemas.setAll(resourceSchemas());
        NAMES.forEach((kind, names) -> schemas.set(names[1], listSchema(names[0])));
        components.putObject("responses").putObject("Error")
                .put("description", "The request failed; type and message say why, field names the offending part.")
                .putObject("content").putObject("application/json").set("schema", ref("Error"));
        ObjectNode parameters = components.putObject("parameters");
        parameters.set("Id", parameter("id", "path", true, "The entity's id.", stringSchema()));
        parameters.set("MemberId", parameter("id", "path", true,
                "A member's id from GET /admin/v1/cluster, or self for the node that answers.", stringSchema()));
        parameters.set("IfMatch", parameter("If-Match", "header", false,
                "The ETag of a read; the write fails with 412 when the entity is at another version.", stringSchema()));
        parameters.set("Limit", parameter("limit", "query", false, "Entries per page, 1 to " + EntityService.MAX_PAGE
                + " (default " + EntityService.DEFAULT_PAGE + ").",
                AdminJson.NODES.objectNode().put("type", "integer").put("minimum", 1).put("maximum", EntityService.MAX_PAGE)));
        parameters.set("Cursor", parameter("cursor", "query", false,
                "The next-cursor of the previous page; entries come in id order.", stringSchema()));
        ObjectNode headers = components.putObject("headers");
        headers.putObject("ETag").put("description", "The entity's version, quoted.").set("schema", stringSchema());
        headers.putObject("Location").put("description", "The created entity's URL.").set("schema", stringSchema());
        return doc;
    }

    private static ObjectNode operation(AdminRoute route) {
        ObjectNode op = AdminJson.NODES.objectNode();
        String[] names = route.kind() == null ? null : NAMES.get(route.kind());
        ArrayNode parameters = op.putArray("parameters");
        ObjectNode responses = AdminJson.NODES.objectNode();
        switch (route.operation()) {
            case LIST -> {
                describe(op, "list" + names[1], "Lists " + route.kind().path() + ", a page at a time.");
                parameters.add(parameterRef("Limit")).add(parameterRef("Cursor"));
                responses.set("200", json("A page of " + route.kind().path() + ".", ref(names[1]), false));
                errors(responses, 400, 401, 403);
            }
            case CREATE -> {
                describe(op, "create" + names[0], "Creates an entry; 409 when its id exists."
                        + (route.kind() == EntityKind.VIRTUAL_KEY ? " The answer holds the key's secret, once." : ""));
                op.set("requestBody", body(ref(names[0])));
                ObjectNode created = json("Created.", ref(names[0]), true);
                ((ObjectNode) created.get("headers")).set("Location", headerRef("Location"));
                responses.set("201", created);
                errors(responses, 400, 401, 403, 409, 413, 415);
            }
            case GET -> {
                describe(op, "get" + names[0], "Reads one entry.");
                parameters.add(parameterRef("Id"));
                responses.set("200", json("The entry.", ref(names[0]), true));
                errors(responses, 401, 403, 404);
            }
            case REPLACE -> {
                describe(op, "replace" + names[0], "Replaces an entry.");
                parameters.add(parameterRef("Id")).add(parameterRef("IfMatch"));
                op.set("requestBody", body(ref(names[0])));
                responses.set("200", json("The entry as stored now.", ref(names[0]), true));
                errors(responses, 400, 401, 403, 404, 409, 412, 413, 415);
            }
            case PATCH -> {
                describe(op, "patch" + names[0], "Changes the fields a JSON merge patch names (RFC 7386), such as"
                        + " {\"enabled\": false}.");
                parameters.add(parameterRef("Id")).add(parameterRef("IfMatch"));
                ObjectNode requestBody = AdminJson.NODES.objectNode().put("required", true);
                ObjectNode content = requestBody.putObject("content");
                content.putObject("application/merge-patch+json").set("schema", ref("MergePatch"));
                content.putObject("application/json").set("schema", ref("MergePatch"));
                op.set("requestBody", requestBody);
                responses.set("200", json("The entry as stored now.", ref(names[0]), true));
                errors(responses, 400, 401, 403, 404, 409, 412, 413, 415);
            }
            case DELETE -> {
                describe(op, "delete" + names[0], "Deletes an entry; 409 while other entries refer to it.");
                parameters.add(parameterRef("Id")).add(parameterRef("IfMatch"));
                responses.putObject("204").put("description", "Deleted.");
                errors(responses, 401, 403, 404, 409, 412);
            }
            case ROTATE -> {
                describe(op, "rotateVirtualKey", "Gives the key a new secret, shown once in the answer; the old one"
                        + " keeps working for grace-seconds.");
                parameters.add(parameterRef("Id")).add(parameterRef("IfMatch"));
                op.set("requestBody", body(ref("Rotation")).put("required", false));
                responses.set("200", json("The key, with its new secret.", ref("VirtualKey"), true));
                errors(responses, 400, 401, 403, 404, 412, 413, 415);
            }
            case USAGE -> {
                describe(op, "getUsage", "Usage and spend over a time range (hours that start in it), grouped by"
                        + " one dimension and optionally filtered to one key, team or customer; cluster-wide, since"
                        + " every node adds its usage to the shared database every second.");
                parameters.add(queryParameter("from", "RFC 3339 timestamp or date; default: 30 days before to."))
                        .add(queryParameter("to", "RFC 3339 timestamp or date; default: now."))
                        .add(parameter("group_by", "query", false, "Default: key.", AdminJson.NODES.objectNode()
                                .put("type", "string").set("enum", AdminJson.NODES.arrayNode()
                                        .add("key").add("team").add("customer").add("provider").add("model"))))
                        .add(queryParameter("key", "Only this virtual key's usage."))
                        .add(queryParameter("team", "Only this team's usage."))
                        .add(queryParameter("customer", "Only this customer's usage."));
                responses.set("200", json("Totals per group.", ref("Usage"), false));
                errors(responses, 400, 401, 403);
            }
            case AUDIT -> {
                describe(op, "getAuditLog", "The audit log, newest first: one record per request (who, which"
                        + " model, every attempt, tokens, cost, guardrail findings, bodies as the audit policy keeps"
                        + " them) and per admin change (who changed which entity, before and after). Request filters"
                        + " match request records only. format=jsonl streams every matching record instead of a page.");
                parameters.add(queryParameter("from", "RFC 3339 timestamp or date; records at or after it."))
                        .add(queryParameter("to", "RFC 3339 timestamp or date; records before it."))
                        .add(parameter("kind", "query", false, "Only records of this kind.", enumSchema("request", "admin")))
                        .add(queryParameter("key", "Only requests of this virtual key (its id)."))
                        .add(queryParameter("team", "Only requests of this team."))
                        .add(queryParameter("model", "Only requests whose last attempt went to this model."))
                        .add(queryParameter("provider", "Only requests whose last attempt went to this provider."))
                        .add(parameter("status", "query", false, "Only requests answered with this status (429) or"
                                + " class (4xx).", AdminJson.NODES.objectNode().put("type", "string")
                                .put("pattern", "^([1-5][0-9][0-9]|[1-5]xx)$")))
                        .add(queryParameter("rule", "Only requests routed by this routing rule."))
                        .add(queryParameter("request_id", "Only the request with this id (x-request-id)."))
                        .add(parameter("limit", "query", false, "Records per page, 1 to " + AuditQuery.MAX_LIMIT
                                + " (default " + AuditService.DEFAULT_PAGE + ").", AdminJson.NODES.objectNode()
                                .put("type", "integer").put("minimum", 1).put("maximum", AuditQuery.MAX_LIMIT)))
                        .add(queryParameter("cursor", "The next-cursor of the previous page."))
                        .add(parameter("format", "query", false, "json: a page (default); jsonl: every matching"
                                + " record from the cursor on, one per line.", enumSchema("json", "jsonl")));
                ObjectNode ok = json("A page of records, or with format=jsonl every matching record, one JSON object"
                        + " per line.", ref("AuditPage"), false);
                ((ObjectNode) ok.get("content")).putObject("application/x-ndjson").set("schema", ref("AuditRecord"));
                responses.set("200", ok);
                errors(responses, 400, 401, 403);
            }
            case ADMIN_TOKENS -> {
                describe(op, "listAdminTokens", "The admin tokens of the configuration (names and roles, never"
                        + " the tokens); admins only.");
                responses.set("200", json("The admin tokens.", ref("AdminTokens"), false));
                errors(responses, 401, 403);
            }
            case OPENAPI -> {
                describe(op, "getOpenApi", "This document.");
                responses.set("200", json("The OpenAPI document.", ref("OpenApi"), false));
                errors(responses, 401);
            }
            case CLUSTER -> {
                describe(op, "getCluster", "The cluster's members, oldest first: versions, uptimes, whether each"
                        + " serves or drains. Every node answers from what it holds itself; there is no leader.");
                responses.set("200", json("The cluster.", ref("Cluster"), false));
                errors(responses, 401);
            }
            case MEMBER -> {
                describe(op, "getClusterMember", "One member (its id, or self): its load, the leases it holds and"
                        + " its view of the upstream targets' health.");
                parameters.add(parameterRef("MemberId"));
                responses.set("200", json("The member.", ref("ClusterMemberDetail"), false));
                errors(responses, 401, 404);
            }
            case DRAIN -> {
                describe(op, "drainClusterMember", "Takes a member (its id, or self) out of rotation: it answers 503"
                        + " on /health/ready, finishes the requests and streams it serves, closes each connection"
                        + " after its response, and leaves the cluster when it is stopped (SIGTERM) after that.");
                parameters.add(parameterRef("MemberId"));
                responses.set("202", json("The command was sent.", ref("MemberCommand"), false));
                errors(responses, 401, 403, 404);
            }
            case UNDRAIN -> {
                describe(op, "undrainClusterMember", "Puts a draining member (its id, or self) back into rotation.");
                parameters.add(parameterRef("MemberId"));
                responses.set("202", json("The command was sent.", ref("MemberCommand"), false));
                errors(responses, 401, 403, 404);
            }
        }
        if (parameters.isEmpty()) {
            op.remove("parameters");
        }
        op.set("responses", responses);
        return op;
    }

    /** The self-service endpoint: on the gateway's port, for virtual keys, in OpenAI's error shape. */
    private static ObjectNode keyInfoOperation() {
        ObjectNode op = AdminJson.NODES.objectNode();
        describe(op, "getKeyInfo", "A virtual key reads its own effective policy and what is left of every budget and"
                + " rate limit that binds it (its own, its team's, its customer's).");
        op.putArray("security").addObject().putArray("virtualKey");
        ObjectNode responses = op.putObject("responses");
        responses.set("200", json("The key's policy, budgets and limits.", ref("KeyInfo"), false));
        responses.set("401", json("No key, an unknown key, or a disabled or expired one.", ref("OpenAiError"), false));
        return op;
    }

    private static void describe(ObjectNode op, String operationId, String summary) {
        op.put("operationId", operationId).put("summary", summary);
    }

    private static void errors(ObjectNode responses, int... statuses) {
        for (int status : statuses) {
            responses.set(Integer.toString(status), AdminJson.NODES.objectNode()
                    .put("$ref", "#/components/responses/Error"));
        }
    }

    private static ObjectNode json(String description, ObjectNode schema, boolean etag) {
        ObjectNode response = AdminJson.NODES.objectNode().put("description", description);
        if (etag) {
            response.putObject("headers").set("ETag", headerRef("ETag"));
        }
        response.putObject("content").putObject("application/json").set("schema", schema);
        return response;
    }

    private static ObjectNode body(ObjectNode schema) {
        ObjectNode body = AdminJson.NODES.objectNode().put("required", true);
        body.putObject("content").putObject("application/json").set("schema", schema);
        return body;
    }

    private static ObjectNode listSchema(String item) {
        ObjectNode list = AdminJson.NODES.objectNode().put("type", "object").put("additionalProperties", false);
        list.putArray("required").add("data").add("next-cursor");
        ObjectNode properties = list.putObject("properties");
        properties.putObject("data").put("type", "array").set("items", ref(item));
        properties.putObject("next-cursor").put("description", "Pass as cursor for the next page; null on the last.")
                .set("type", AdminJson.NODES.arrayNode().add("string").add("null"));
        return list;
    }

    private static ObjectNode parameter(String name, String in, boolean required, String description, JsonNode schema) {
        ObjectNode parameter = AdminJson.NODES.objectNode().put("name", name).put("in", in).put("required", required)
                .put("description", description);
        parameter.set("schema", schema);
        return parameter;
    }

    private static ObjectNode queryParameter(String name, String description) {
        return parameter(name, "query", false, description, stringSchema());
    }

    private static ObjectNode enumSchema(String... values) {
        ObjectNode schema = stringSchema();
        ArrayNode allowed = schema.putArray("enum");
        for (String value : values) {
            allowed.add(value);
        }
        return schema;
    }

    private static ObjectNode stringSchema() {
        return AdminJson.NODES.objectNode().put("type", "string");
    }

    private static ObjectNode ref(String schema) {
        return AdminJson.NODES.objectNode().put("$ref", "#/components/schemas/" + schema);
    }

    private static ObjectNode parameterRef(String parameter) {
        return AdminJson.NODES.objectNode().put("$ref", "#/components/parameters/" + parameter);
    }

    private static ObjectNode headerRef(String header) {
        return AdminJson.NODES.objectNode().put("$ref", "#/components/headers/" + header);
    }

    private static ObjectNode resourceSchemas() {
        try (InputStream in = OpenApiDocument.class.getResourceAsStream(SCHEMAS)) {
            if (in == null) {
                throw new IllegalStateException(SCHEMAS + " is missing from the class path");
            }
            return (ObjectNode) new ObjectMapper().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
