package dev.heimdall.governance.audit;

import dev.heimdall.governance.guardrails.Action;
import dev.heimdall.governance.guardrails.Category;

import java.util.List;

/** Audit records for tests, with every field set so that a store losing one shows. */
public final class AuditSamples {

    private AuditSamples() {
    }

    public static RequestAudit request(String id, long time, String key, String team, String model, String provider,
                                       int status, String rule) {
        return new RequestAudit(id, time, "node-1", "req-" + id, "openai", key, key == null ? null : key + "-name",
                team, team == null ? null : "acme", "smart", rule,
                List.of(new AuditAttempt("down", "k", "gpt-4o", 0, 12, "ConnectFailure"),
                        new AuditAttempt(provider, "main", model, status, 34, status == 200 ? null : "ServerError")),
                provider, model, status, 120, 30, 8, 1_234, 50, 20,
                List.of(new AuditFinding("email", Category.PII, Action.FLAG)),
                new AuditBodies("{\"model\":\"smart\",\"messages\":[{\"role\":\"user\",\"content\":\"héllo ✓\"}]}",
                        "Hi there", false));
    }

    public static AdminAudit admin(String id, long time) {
        return new AdminAudit(id, time, "node-1", "root", "admin", "replaced", "virtual-keys", "k1", 2,
                "{\"id\":\"k1\",\"name\":\"CI\"}", "{\"id\":\"k1\",\"name\":\"CI 2\"}");
    }
}
