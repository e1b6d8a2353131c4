package dev.heimdall.governance.audit;

import dev.heimdall.governance.guardrails.Action;
import dev.heimdall.governance.guardrails.Category;
import dev.heimdall.governance.guardrails.Finding;

/** A guardrail finding as the audit log keeps it: which rule, of which family, and what was done; no position, no text. */
public record AuditFinding(String ruleId, Category category, Action action) {

    public static AuditFinding of(Finding finding) {
        return new AuditFinding(finding.ruleId(), finding.category(), finding.action());
    }
}
