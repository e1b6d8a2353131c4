package dev.heimdall.governance.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.heimdall.governance.guardrails.Action;
import dev.heimdall.governance.guardrails.Category;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Audit records as JSON: the shape the admin API answers and exports, the spill file keeps and the store saves.
 * Reading what {@link #write} wrote gives the same record back.
 */
public final class AuditJson {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private AuditJson() {
    }

    public static ObjectNode write(AuditRecord record) {
        ObjectNode json = NODES.objectNode();
        json.put("id", record.id());
        json.put("kind", record.kind().wireName());
        json.put("time", Instant.ofEpochMilli(record.timeMillis()).toString());
        json.put("node", record.nodeId());
        if (record instanceof RequestAudit request) {
            writeRequest(json, request);
        } else {
            writeAdmin(json, (AdminAudit) record);
        }
        return json;
    }

    /** The record as one line of JSON, newline included. */
    public static String line(AuditRecord record) {
        return write(record).toString() + "\n";
    }

    /** @throws IllegalArgumentException when {@code text} is not a record {@link #write} wrote */
    public static AuditRecord read(String text) {
        try {
            return read(MAPPER.readTree(text));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not an audit record: " + e.getOriginalMessage(), e);
        }
    }

    /** @throws IllegalArgumentException when {@code json} is not a record {@link #write} wrote */
    public static AuditRecord read(JsonNode json) {
        if (!json.isObject() || !json.path("id").isTextual() || !json.path("time").isTextual()) {
            throw new IllegalArgumentException("not an audit record");
        }
        String id = json.get("id").asText();
        long time = Instant.parse(json.get("time").asText()).toEpochMilli();
        String node = text(json, "node");
        return switch (AuditRecord.Kind.parse(json.path("kind").asText())) {
            case REQUEST -> readRequest(json, id, time, node);
            case ADMIN -> new AdminAudit(id, time, node, text(json, "actor"), text(json, "role"), text(json, "action"),
                    text(json, "entity"), text(json, "entity-id"), json.path("version").asLong(),
                    document(json.get("before")), document(json.get("after")));
        };
    }

    private static void writeRequest(ObjectNode json, RequestAudit r) {
        json.put("request-id", r.requestId());
        json.put("ingress", r.ingress());
        json.put("key-id", r.keyId());
        json.put("key-name", r.keyName());
        json.put("team", r.teamId());
        json.put("customer", r.customerId());
        json.put("requested-model", r.requestedModel());
        json.put("rule", r.rule());
        ArrayNode attempts = json.putArray("attempts");
        for (AuditAttempt attempt : r.attempts()) {
            attempts.addObject()
                    .put("provider", attempt.provider())
                    .put("key", attempt.keyName())
                    .put("model", attempt.model())
                    .put("status", attempt.status())
                    .put("latency-ms", attempt.latencyMillis())
                    .put("error", attempt.error());
        }
        json.put("provider", r.provider());
        json.put("model", r.model());
        json.put("status", r.status());
        json.put("input-tokens", r.inputTokens());
        json.put("output-tokens", r.outputTokens());
        json.put("cached-tokens", r.cachedTokens());
        if (r.costMicros() < 0) {
            json.putNull("cost-usd");
        } else {
            json.put("cost-usd", usd(r.costMicros()));
        }
        json.put("latency-ms", r.latencyMillis());
        if (r.firstTokenMillis() < 0) {
            json.putNull("first-token-ms");
        } else {
            json.put("first-token-ms", r.firstTokenMillis());
        }
        ArrayNode findings = json.putArray("guardrail-findings");
        for (AuditFinding finding : r.findings()) {
            findings.addObject()
                    .put("rule", finding.ruleId())
                    .put("category", finding.category().configName())
                    .put("action", finding.action().configName());
        }
        json.put("request-body", r.bodies().request());
        json.put("response-body", r.bodies().response());
        json.put("bodies-truncated", r.bodies().truncated());
    }

    private static RequestAudit readRequest(JsonNode json, String id, long time, String node) {
        List<AuditAttempt> attempts = new ArrayList<>();
        for (JsonNode a : json.path("attempts")) {
            attempts.add(new AuditAttempt(text(a, "provider"), text(a, "key"), text(a, "model"),
                    a.path("status").asInt(), a.path("latency-ms").asLong(), text(a, "error")));
        }
        List<AuditFinding> findings = new ArrayList<>();
        for (JsonNode f : json.path("guardrail-findings")) {
            findings.add(new AuditFinding(text(f, "rule"), Category.parse(text(f, "category")),
                    Action.parse(text(f, "action"))));
        }
        JsonNode cost = json.path("cost-usd");
        long costMicros = cost.isNumber() ? cost.decimalValue().movePointRight(6).longValueExact() : -1;
        JsonNode firstToken = json.path("first-token-ms");
        return new RequestAudit(id, time, node, text(json, "request-id"), text(json, "ingress"), text(json, "key-id"),
                text(json, "key-name"), text(json, "team"), text(json, "customer"), text(json, "requested-model"),
                text(json, "rule"), attempts, text(json, "provider"), text(json, "model"), json.path("status").asInt(),
                json.path("input-tokens").asLong(), json.path("output-tokens").asLong(),
                json.path("cached-tokens").asLong(), costMicros, json.path("latency-ms").asLong(),
                firstToken.isNumber() ? firstToken.asLong() : -1, findings,
                new AuditBodies(text(json, "request-body"), text(json, "response-body"),
                        json.path("bodies-truncated").asBoolean()));
    }

    private static void writeAdmin(ObjectNode json, AdminAudit a) {
        json.put("actor", a.actor());
        json.put("role", a.role());
        json.put("action", a.action());
        json.put("entity", a.entityKind());
        json.put("entity-id", a.entityId());
        json.put("version", a.version());
        json.set("before", documentNode(a.before()));
        json.set("after", documentNode(a.after()));
    }

    /** Micro-dollars as a plain decimal number of dollars ({@code 0.00125}, never in exponent form). */
    private static BigDecimal usd(long micros) {
        BigDecimal usd = BigDecimal.valueOf(micros, 6).stripTrailingZeros();
        return usd.scale() < 0 ? usd.setScale(0) : usd;
    }

    private static String text(JsonNode json, String field) {
        JsonNode value = json.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    private static JsonNode documentNode(String document) {
        if (document == null) {
            return NODES.nullNode();
        }
        try {
            return MAPPER.readTree(document);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("an admin audit record's document is not JSON", e);
        }
    }

    private static String document(JsonNode node) {
        return node == null || node.isNull() ? null : node.toString();
    }
}
