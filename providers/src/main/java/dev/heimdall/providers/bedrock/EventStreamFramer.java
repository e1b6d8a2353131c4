package dev.heimdall.providers.bedrock;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;
import java.util.zip.CRC32;

/**
 * Splits an {@code application/vnd.amazon.eventstream} body into messages, incrementally: bytes may arrive in any
 * pieces, and a message is emitted as soon as its last byte is in. The framing (AWS's event stream encoding) is
 * <pre>
 *   total length u32 | headers length u32 | prelude CRC32 u32 | headers | payload | message CRC32 u32
 * </pre>
 * where the prelude CRC covers the first 8 bytes and the message CRC everything before it. A header is a name
 * (u8 length + bytes), a value type (u8) and a value whose size the type fixes; only string values (type 7) are
 * kept, the others are skipped. Not thread-safe: one instance per stream.
 */
final class EventStreamFramer {

    /** One decoded message: its string headers and its payload. */
    record Message(Map<String, String> headers, byte[] payload) {
        String header(String name) {
            return headers.get(name);
        }
    }

    /** The body is not a valid event stream (a CRC mismatch or an impossible length); nothing more can be read. */
    static final class FramingException extends Exception {
        FramingException(String message) {
            super(message, null, false, false);
        }
    }

    private static final int PRELUDE = 12;
    private static final int MIN_MESSAGE = PRELUDE + 4;
    /** AWS caps an event stream message at 16 MiB; anything larger is a corrupt length, not a message to wait for. */
    static final int MAX_MESSAGE = 16 * 1024 * 1024;

    private byte[] buffer = new byte[1024];
    private int start;
    private int end;

    /** Appends {@code bytes} and emits every message now complete. */
    void feed(byte[] bytes, Consumer<Message> out) throws FramingException {
        append(bytes);
        while (end - start >= PRELUDE) {
            int total = readInt(buffer, start);
            int headersLength = readInt(buffer, start + 4);
            if (total < MIN_MESSAGE || total > MAX_MESSAGE || headersLength < 0 || headersLength > total - MIN_MESSAGE) {
                throw new FramingException("event stream message has an impossible length");
            }
            if (crc(buffer, start, 8) != readUnsignedInt(buffer, start + 8)) {
                throw new FramingException("event stream prelude CRC mismatch");
            }
            if (end - start < total) {
                return;
            }
            if (crc(buffer, start, total - 4) != readUnsignedInt(buffer, start + total - 4)) {
                throw new FramingException("event stream message CRC mismatch");
            }
            Map<String, String> headers = headers(buffer, start + PRELUDE, headersLength);
            int payloadStart = start + PRELUDE + headersLength;
            byte[] payload = Arrays.copyOfRange(buffer, payloadStart, start + total - 4);
            start += total;
            out.accept(new Message(headers, payload));
        }
    }

    /** Whether bytes of an incomplete message are pending. */
    boolean hasPartialMessage() {
        return end > start;
    }

    private void append(byte[] bytes) {
        if (start == end) {
            start = 0;
            end = 0;
        }
        if (end + bytes.length > buffer.length) {
            int live = end - start;
            if (live + bytes.length <= buffer.length) {
                System.arraycopy(buffer, start, buffer, 0, live);
            } else {
                byte[] bigger = new byte[Math.max(buffer.length * 2, live + bytes.length)];
                System.arraycopy(buffer, start, bigger, 0, live);
                buffer = bigger;
            }
            start = 0;
            end = live;
        }
        System.arraycopy(bytes, 0, buffer, end, bytes.length);
        end += bytes.length;
    }

    private static Map<String, String> headers(byte[] b, int from, int length) throws FramingException {
        Map<String, String> headers = new HashMap<>(8);
        int p = from;
        int limit = from + length;
        while (p < limit) {
            int nameLength = b[p++] & 0xff;
            need(p + nameLength + 1, limit);
            String name = new String(b, p, nameLength, StandardCharsets.UTF_8);
            p += nameLength;
            int type = b[p++] & 0xff;
            switch (type) {
                case 0, 1 -> {
                    // boolean true / false: the type is the value
                }
                case 2 -> p += 1;
                case 3 -> p += 2;
                case 4 -> p += 4;
                case 5, 8 -> p += 8;
                case 9 -> p += 16;
                case 6, 7 -> {
                    need(p + 2, limit);
                    int valueLength = ((b[p] & 0xff) << 8) | (b[p + 1] & 0xff);
                    p += 2;
                    need(p + valueLength, limit);
                    if (type == 7) {
                        headers.put(name, new String(b, p, valueLength, StandardCharsets.UTF_8));
                    }
                    p += valueLength;
                }
                default -> throw new FramingException("event stream header '" + name + "' has unknown type " + type);
            }
            need(p, limit);
        }
        return headers;
    }

    private static void need(int position, int limit) throws FramingException {
        if (position > limit) {
            throw new FramingException("event stream headers overrun their length");
        }
    }

    static int readInt(byte[] b, int at) {
        return ((b[at] & 0xff) << 24) | ((b[at + 1] & 0xff) << 16) | ((b[at + 2] & 0xff) << 8) | (b[at + 3] & 0xff);
    }

    private static long readUnsignedInt(byte[] b, int at) {
        return readInt(b, at) & 0xffffffffL;
    }

    private static long crc(byte[] b, int from, int length) {
        CRC32 crc = new CRC32();
        crc.update(b, from, length);
        return crc.getValue();
    }
}
