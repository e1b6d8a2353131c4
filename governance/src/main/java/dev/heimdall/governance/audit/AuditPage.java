package dev.heimdall.governance.audit;

import java.util.List;

/**
 * One page of the audit log, newest first.
 *
 * @param next where the next page starts, or null when this is the last one
 */
public record AuditPage(List<AuditRecord> records, AuditCursor next) {

    public AuditPage {
        records = List.copyOf(records);
    }
}
