package dev.heimdall.governance.guardrails;

import java.util.List;

/**
 * Replaces every redacted or blocked match with {@code [REDACTED:<rule id>]}. Overlapping matches become one
 * placeholder, named after the first of them (the one that starts first, the longer on a tie).
 */
final class Masking {

    private Masking() {
    }

    /**
     * @param detections in text order; those outside {@code [from, to)} are ignored
     * @return the text from {@code from} to {@code to}, masked
     */
    static String apply(CharSequence text, int from, int to, List<Inspection.Detection> detections) {
        StringBuilder out = new StringBuilder(to - from + 32);
        int position = from;
        int i = 0;
        while (i < detections.size()) {
            Inspection.Detection first = detections.get(i++);
            Match m = first.match();
            if (!first.masked() || m.start() < position || m.end() > to) {
                continue;
            }
            int end = m.end();
            while (i < detections.size() && detections.get(i).match().start() < end) {
                Inspection.Detection next = detections.get(i++);
                if (next.masked()) {
                    end = Math.max(end, next.match().end());
                }
            }
            out.append(text, position, m.start()).append("[REDACTED:").append(m.ruleId()).append(']');
            position = end;
        }
        return out.append(text, position, to).toString();
    }
}
