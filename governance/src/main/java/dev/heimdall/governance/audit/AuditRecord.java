package dev.heimdall.governance.audit;

import java.util.Locale;

/**
 * One entry of the audit log: a request the gateway answered ({@link RequestAudit}) or a change made through the
 * admin API ({@link AdminAudit}). Values only: no secret is ever put into one (keys appear by name and id, provider
 * documents without their credentials, guardrail findings without the matched text).
 */
public sealed interface AuditRecord permits RequestAudit, AdminAudit {

    /** What a record is about; its name is the {@code kind} of the stored and exported record. */
    enum Kind {
        REQUEST, ADMIN;

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Kind parse(String name) {
            for (Kind kind : values()) {
                if (kind.wireName().equals(name)) {
                    return kind;
                }
            }
            throw new IllegalArgumentException("unknown audit record kind '" + name + "': expected request or admin");
        }
    }

    /**
     * Unique per record and made once, when the record is: a record written again (replayed from the spill file after
     * a partial failure) has the same id, so the store keeps it once.
     */
    String id();

    Kind kind();

    /** When it happened (a request: when it arrived), in epoch milliseconds. */
    long timeMillis();

    /** The node that wrote it. */
    String nodeId();
}
