package dev.heimdall.node.admin;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.heimdall.governance.audit.AuditCursor;
import dev.heimdall.governance.audit.AuditJson;
import dev.heimdall.governance.audit.AuditPage;
import dev.heimdall.governance.audit.AuditQuery;
import dev.heimdall.governance.audit.AuditRecord;
import dev.heimdall.governance.audit.AuditStore;

import java.util.List;
import java.util.Map;

/**
 * Reads the audit log: a filtered page, newest first, or (with {@code format=jsonl}) every matching record, one JSON
 * object per line. Blocking: runs on the admin worker.
 */
final class AuditService {

    static final List<String> PARAMETERS = List.of("from", "to", "kind", "key", "team", "model", "provider", "status",
            "rule", "request_id", "limit", "cursor", "format");
    static final int DEFAULT_PAGE = 100;
    /** Records an export reads per database round trip. */
    static final int EXPORT_PAGE = AuditQuery.MAX_LIMIT;

    private final AuditStore store;

    AuditService(AuditStore store) {
        this.store = store;
    }

    /** Whether the parameters ask for the JSON-lines export rather than a page. */
    static boolean export(Map<String, String> params) {
        String format = params.getOrDefault("format", "json");
        return switch (format) {
            case "json" -> false;
            case "jsonl" -> true;
            default -> throw AdminFailure.invalid("format", "Expected json (a page) or jsonl (every matching record).");
        };
    }

    /** The query the parameters describe; an export reads it in pages of {@link #EXPORT_PAGE}. */
    static AuditQuery query(Map<String, String> params, boolean export) {
        long from = params.containsKey("from") ? UsageService.time("from", params.get("from")).toEpochMilli() : 0;
        long to = params.containsKey("to") ? UsageService.time("to", params.get("to")).toEpochMilli() : Long.MAX_VALUE;
        if (from >= to) {
            throw AdminFailure.invalid("from", "Expected from to be before to.");
        }
        AuditRecord.Kind kind = null;
        if (params.containsKey("kind")) {
            try {
                kind = AuditRecord.Kind.parse(params.get("kind"));
            } catch (IllegalArgumentException e) {
                throw AdminFailure.invalid("kind", "Expected request or admin.");
            }
        }
        AuditQuery.StatusRange status = null;
        if (params.containsKey("status")) {
            try {
                status = AuditQuery.StatusRange.parse(params.get("status"));
            } catch (IllegalArgumentException e) {
                throw AdminFailure.invalid("status", "Expected an HTTP status such as 429, or a class such as 4xx.");
            }
        }
        AuditCursor after = null;
        if (params.containsKey("cursor")) {
            try {
                after = AuditCursor.decode(params.get("cursor"));
            } catch (IllegalArgumentException e) {
                throw AdminFailure.invalid("cursor", "Expected a cursor from a previous page's next-cursor.");
            }
        }
        int limit = export ? EXPORT_PAGE
                : AdminApi.limit(params.get("limit"), DEFAULT_PAGE, AuditQuery.MAX_LIMIT);
        return new AuditQuery(from, to, kind, params.get("key"), params.get("team"), params.get("model"),
                params.get("provider"), status, params.get("rule"), params.get("request_id"), after, limit);
    }

    AuditPage page(AuditQuery query) {
        return store.page(query);
    }

    static AdminReply reply(AuditPage page) {
        ObjectNode body = AdminJson.NODES.objectNode();
        ArrayNode data = body.putArray("data");
        page.records().forEach(record -> data.add(AuditJson.write(record)));
        if (page.next() == null) {
            body.putNull("next-cursor");
        } else {
            body.put("next-cursor", page.next().encode());
        }
        return AdminReply.ok(body);
    }
}
