package dev.heimdall.providers.stream;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * An incremental Server-Sent-Events parser following the WHATWG "event stream interpretation" rules.
 *
 * <p>Bytes may arrive split anywhere: inside a line, inside a multi-byte UTF-8 sequence, between a {@code \r} and
 * its {@code \n}. The parser works on bytes and only decodes complete lines, so a split code point is never seen.
 * Lines end with {@code \n}, {@code \r\n} or {@code \r}. A line starting with {@code :} is a comment; a field's value
 * loses one leading space; several {@code data} lines are joined with {@code \n}; a blank line dispatches the event
 * (nothing is dispatched when no {@code data} line was seen). The event name defaults to {@code message}. {@code id}
 * and {@code retry} are parsed per the specification but not reported: no provider API uses them.
 *
 * <p>Allocation: one growable buffer for a line that spans chunks, one for the event's data; a {@link String} per
 * dispatched data and per {@code event} line. One instance per stream; not thread-safe.
 */
public final class SseParser {

    /** Receives each dispatched event. */
    @FunctionalInterface
    public interface Handler {
        void onEvent(String event, String data);
    }

    public static final String DEFAULT_EVENT = "message";

    private static final byte CR = '\r';
    private static final byte LF = '\n';
    private static final byte[] DATA = {'d', 'a', 't', 'a'};
    private static final byte[] EVENT = {'e', 'v', 'e', 'n', 't'};
    private static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

    private final Handler handler;

    private byte[] line = new byte[256];
    private int lineLength;
    private byte[] data = new byte[256];
    private int dataLength;
    private boolean sawData;
    private String eventName;
    private boolean skipLineFeed;
    private boolean bomChecked;
    private int bomMatched;

    public SseParser(Handler handler) {
        this.handler = handler;
    }

    public void feed(byte[] bytes) {
        feed(bytes, 0, bytes.length);
    }

    public void feed(byte[] bytes, int offset, int length) {
        int pos = offset;
        int end = offset + length;
        if (!bomChecked) {
            pos = skipBom(bytes, pos, end);
            if (pos < 0) {
                return;
            }
        }
        if (skipLineFeed && pos < end) {
            skipLineFeed = false;
            if (bytes[pos] == LF) {
                pos++;
            }
        }
        while (pos < end) {
            int eol = pos;
            while (eol < end && bytes[eol] != LF && bytes[eol] != CR) {
                eol++;
            }
            if (eol == end) {
                append(bytes, pos, end - pos);
                return;
            }
            if (lineLength == 0) {
                processLine(bytes, pos, eol - pos);
            } else {
                append(bytes, pos, eol - pos);
                processLine(line, 0, lineLength);
                lineLength = 0;
            }
            pos = eol + 1;
            if (bytes[eol] == CR) {
                if (pos == end) {
                    skipLineFeed = true;
                } else if (bytes[pos] == LF) {
                    pos++;
                }
            }
        }
    }

    /**
     * The stream ended. Per the specification an event without its terminating blank line is discarded.
     *
     * @return whether such a partial event (or an unterminated line) was left
     */
    public boolean end() {
        boolean partial = lineLength > 0 || sawData || eventName != null;
        lineLength = 0;
        resetEvent();
        return partial;
    }

    /** The UTF-8 byte-order mark is ignored once, at the very start; it may itself arrive split. */
    private int skipBom(byte[] bytes, int pos, int end) {
        while (pos < end && bomMatched < BOM.length) {
            if (bytes[pos] != BOM[bomMatched]) {
                bomChecked = true;
                append(BOM, 0, bomMatched);
                return pos;
            }
            bomMatched++;
            pos++;
        }
        if (bomMatched == BOM.length) {
            bomChecked = true;
            return pos;
        }
        return -1;
    }

    private void append(byte[] bytes, int offset, int length) {
        if (lineLength + length > line.length) {
            line = Arrays.copyOf(line, Math.max(line.length * 2, lineLength + length));
        }
        System.arraycopy(bytes, offset, line, lineLength, length);
        lineLength += length;
    }

    private void processLine(byte[] buf, int offset, int length) {
        if (length == 0) {
            dispatch();
            return;
        }
        if (buf[offset] == ':') {
            return;
        }
        int colon = -1;
        for (int i = offset; i < offset + length; i++) {
            if (buf[i] == ':') {
                colon = i;
                break;
            }
        }
        int fieldLength = colon < 0 ? length : colon - offset;
        int valueStart = colon < 0 ? offset + length : colon + 1;
        int valueEnd = offset + length;
        if (valueStart < valueEnd && buf[valueStart] == ' ') {
            valueStart++;
        }
        if (matches(buf, offset, fieldLength, DATA)) {
            appendData(buf, valueStart, valueEnd - valueStart);
        } else if (matches(buf, offset, fieldLength, EVENT)) {
            eventName = new String(buf, valueStart, valueEnd - valueStart, StandardCharsets.UTF_8);
        }
    }

    private static boolean matches(byte[] buf, int offset, int length, byte[] name) {
        if (length != name.length) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            if (buf[offset + i] != name[i]) {
                return false;
            }
        }
        return true;
    }

    private void appendData(byte[] buf, int offset, int length) {
        int needed = dataLength + length + 1;
        if (needed > data.length) {
            data = Arrays.copyOf(data, Math.max(data.length * 2, needed));
        }
        if (sawData) {
            data[dataLength++] = LF;
        }
        System.arraycopy(buf, offset, data, dataLength, length);
        dataLength += length;
        sawData = true;
    }

    private void dispatch() {
        if (sawData) {
            String name = eventName == null || eventName.isEmpty() ? DEFAULT_EVENT : eventName;
            String value = new String(data, 0, dataLength, StandardCharsets.UTF_8);
            resetEvent();
            handler.onEvent(name, value);
        } else {
            resetEvent();
        }
    }

    private void resetEvent() {
        dataLength = 0;
        sawData = false;
        eventName = null;
    }
}
