package dev.heimdall.node;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.concurrent.TimeUnit;

/** Reads the audit log through the admin API, as an operator would, waiting for records still on their way. */
final class AuditLogs {

    private AuditLogs() {
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
