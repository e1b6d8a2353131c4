package dev.heimdall.governance.limits;

/**
 * One cluster-wide counter: what it counts ({@code subject}: e.g. {@code key:vk_123}, {@code team:ml},
 * {@code key:vk_123/provider:openai}), in which unit, over which window, starting when.
 */
public record QuotaCounter(String subject, LimitKind kind, LimitWindow window, long windowStartMillis) {

    public QuotaCounter {
        if (subject == null || subject.isEmpty()) {
            throw new IllegalArgumentException("a quota counter needs a subject");
        }
    }

    public long resetAtMillis() {
        return windowStartMillis + window.millis();
    }
}
