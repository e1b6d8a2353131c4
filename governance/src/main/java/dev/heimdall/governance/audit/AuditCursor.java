package dev.heimdall.governance.audit;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Where a page of the audit log ended: the last record's time and id. The next page holds the records that come after
 * it in the log's order (newest first), so pages stay stable while new records arrive.
 */
public record AuditCursor(long timeMillis, String id) {

    public static AuditCursor of(AuditRecord record) {
        return new AuditCursor(record.timeMillis(), record.id());
    }

    /** An opaque token for a URL. */
    public String encode() {
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString((timeMillis + ":" + id).getBytes(StandardCharsets.UTF_8));
    }

    /** @throws IllegalArgumentException when {@code token} is not one {@link #encode} made */
    public static AuditCursor decode(String token) {
        String text = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
        int colon = text.indexOf(':');
        if (colon <= 0 || colon == text.length() - 1) {
            throw new IllegalArgumentException("not an audit cursor");
        }
        return new AuditCursor(Long.parseLong(text.substring(0, colon)), text.substring(colon + 1));
    }

    /** Whether {@code record} comes after this cursor in the log's order (older, or as old with a smaller id). */
    public boolean precedes(AuditRecord record) {
        return record.timeMillis() < timeMillis || record.timeMillis() == timeMillis && record.id().compareTo(id) < 0;
    }
}
