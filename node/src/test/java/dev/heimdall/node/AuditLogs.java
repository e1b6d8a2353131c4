package dev.heimdall.node;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.concurrent.TimeUnit;

/** Reads the audit log through the admin API, as an operator would, waiting for records still on their way. */
final class AuditLogs {

    private AuditLogs() {
    }

    /**
     * The records matching {@code filter} once the node has stored every record it made (its metrics say none waits
     * in memory or in the spill file); failing unless there are exactly {@code count}.
     */
    static JsonNode awaitExactly(AdminClient admin, GatewayHarness harness, String token, String filter, int count)
            throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!settled(harness.get("/metrics").body())) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the node still holds audit records it has not stored");
            }
            Thread.sleep(20);
        }
        JsonNode page = AdminClient.json(admin.get(token, "/admin/v1/audit?limit=1000&" + filter));
        if (page.get("data").size() != count) {
            throw new AssertionError("the audit log holds " + page.get("data").size() + " records matching " + filter
                    + ", not " + count);
        }
        return page;
    }

    /** Whether every record accepted was stored or replayed, and none waits. */
    static boolean settled(String metrics) {
        double accepted = value(metrics, "heimdall_audit_records_total{outcome=\"accepted\"");
        double stored = value(metrics, "heimdall_audit_records_total{outcome=\"stored\"");
        double replayed = value(metrics, "heimdall_audit_records_total{outcome=\"replayed\"");
        return value(metrics, "heimdall_audit_queue ") == 0 && value(metrics, "heimdall_audit_spill ") == 0
                && stored + replayed >= accepted;
    }

    /** A sample's value from the Prometheus text format, by the start of its line. */
    static double value(String metrics, String lineStart) {
        for (String line : metrics.split("\n")) {
            if (line.startsWith(lineStart)) {
                return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        throw new AssertionError("no metric line starting with " + lineStart);
    }

    /**
     * The first page of records matching {@code filter} once it holds at least {@code count}; records reach the
     * database asynchronously, a fraction of a second after their request.
     */
    static JsonNode await(AdminClient admin, String token, String filter, int count) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (true) {
            JsonNode page = AdminClient.json(admin.get(token, "/admin/v1/audit?limit=1000&" + filter));
            if (page.get("data").size() >= count) {
                return page;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the audit log holds " + page.get("data").size() + " records matching "
                        + filter + ", not " + count);
            }
            Thread.sleep(20);
        }
    }
}
