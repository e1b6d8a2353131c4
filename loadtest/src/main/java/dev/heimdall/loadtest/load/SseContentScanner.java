package dev.heimdall.loadtest.load;

import java.nio.charset.StandardCharsets;

/**
 * Finds the content-bearing events of an OpenAI-style chat stream as its bytes arrive in arbitrary pieces. An event
 * ends at a blank line; it carries content when its data holds {@code "content":"} followed by at least one
 * character (the first chunk's {@code "content":""} next to the role does not count). Bytes are read as ISO-8859-1,
 * one char per byte, so a multi-byte character split across pieces cannot break the ASCII patterns searched for.
 */
public final class SseContentScanner {
    private static final String CONTENT = "\"content\":\"";
    private final StringBuilder pending = new StringBuilder();

    /** Takes the next piece of the stream and returns how many content events it completed. */
    public int feed(byte[] piece) {
        for (byte b : piece) {
            if (b != '\r') {
                pending.append((char) (b & 0xff));
            }
        }
        int events = 0;
        int end;
        while ((end = pending.indexOf("\n\n")) >= 0) {
            if (hasContent(pending, end)) {
                events++;
            }
            pending.delete(0, end + 2);
        }
        return events;
    }

    /** Convenience for tests and callers holding text. */
    public int feed(String piece) {
        return feed(piece.getBytes(StandardCharsets.UTF_8));
    }

    private static boolean hasContent(CharSequence event, int end) {
        String text = event.subSequence(0, end).toString();
        int at = text.indexOf(CONTENT);
        while (at >= 0) {
            int next = at + CONTENT.length();
            if (next < text.length() && text.charAt(next) != '"') {
                return true;
            }
            at = text.indexOf(CONTENT, next);
        }
        return false;
    }
}
