package dev.heimdall.governance.audit;

import java.util.Objects;

/**
 * A filtered page of the audit log, newest first. Every filter that is set must hold; the request filters (key, team,
 * model, provider, status, rule, request id) match request records only.
 *
 * @param fromMillis the earliest time, inclusive
 * @param toMillis   the latest time, exclusive
 * @param kind       only records of this kind, or null for both
 * @param keyId      the virtual key's id
 * @param model      the model of the last attempt (the one that served the request, if any)
 * @param provider   the provider of the last attempt
 * @param status     the status the client got
 * @param rule       the routing rule that chose the route
 * @param after      the page starts after this cursor; null for the first page
 * @param limit      the most records a page holds
 */
public record AuditQuery(long fromMillis, long toMillis, AuditRecord.Kind kind, String keyId, String teamId,
                         String model, String provider, StatusRange status, String rule, String requestId,
                         AuditCursor after, int limit) {

    public static final int MAX_LIMIT = 1000;

    /** Statuses from {@code min} to {@code max}, both included: one status ({@code 429}) or a class ({@code 4xx}). */
    public record StatusRange(int min, int max) {

        public StatusRange {
            if (min < 100 || max > 599 || min > max) {
                throw new IllegalArgumentException("not an HTTP status range: " + min + ".." + max);
            }
        }

        /** Reads {@code 429} or {@code 4xx}. */
        public static StatusRange parse(String text) {
            if (text.length() == 3 && text.endsWith("xx") && text.charAt(0) >= '1' && text.charAt(0) <= '5') {
                int base = (text.charAt(0) - '0') * 100;
                return new StatusRange(base, base + 99);
            }
            if (text.length() == 3 && text.chars().allMatch(Character::isDigit)) {
                int status = Integer.parseInt(text);
                return new StatusRange(status, status);
            }
            throw new IllegalArgumentException("expected an HTTP status such as 429, or a class such as 4xx");
        }

        public boolean contains(int status) {
            return status >= min && status <= max;
        }

        public boolean single() {
            return min == max;
        }
    }

    public AuditQuery {
        if (fromMillis >= toMillis) {
            throw new IllegalArgumentException("the range must start before it ends");
        }
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be between 1 and " + MAX_LIMIT + ", got " + limit);
        }
    }

    /** Everything between the two times, the first page of {@code limit} records. */
    public static AuditQuery between(long fromMillis, long toMillis, int limit) {
        return new AuditQuery(fromMillis, toMillis, null, null, null, null, null, null, null, null, null, limit);
    }

    /** The same query for the page after {@code cursor}. */
    public AuditQuery after(AuditCursor cursor) {
        return new AuditQuery(fromMillis, toMillis, kind, keyId, teamId, model, provider, status, rule, requestId,
                cursor, limit);
    }

    /** Whether the request filters are all unset, so that admin records can match too. */
    public boolean requestFiltersUnset() {
        return keyId == null && teamId == null && model == null && provider == null && status == null && rule == null
                && requestId == null;
    }

    /** What the query means, applied to one record: every store's answer must be the records this accepts. */
    public boolean matches(AuditRecord record) {
        if (record.timeMillis() < fromMillis || record.timeMillis() >= toMillis) {
            return false;
        }
        if (kind != null && record.kind() != kind || after != null && !after.precedes(record)) {
            return false;
        }
        if (!(record instanceof RequestAudit request)) {
            return requestFiltersUnset();
        }
        return (keyId == null || keyId.equals(request.keyId()))
                && (teamId == null || teamId.equals(request.teamId()))
                && (model == null || model.equals(request.model()))
                && (provider == null || provider.equals(request.provider()))
                && (status == null || status.contains(request.status()))
                && (rule == null || rule.equals(request.rule()))
                && (requestId == null || Objects.equals(requestId, request.requestId()));
    }
}
