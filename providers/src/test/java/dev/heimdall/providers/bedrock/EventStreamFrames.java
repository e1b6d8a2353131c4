package dev.heimdall.providers.bedrock;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;

/** Writes event-stream messages as AWS documents the encoding, for decoder fixtures. */
final class EventStreamFrames {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    EventStreamFrames event(String eventType, String json) {
        return message(json, ":event-type", eventType, ":content-type", "application/json", ":message-type", "event");
    }

    EventStreamFrames exception(String exceptionType, String json) {
        return message(json, ":exception-type", exceptionType, ":content-type", "application/json",
                ":message-type", "exception");
    }

    /** A message with string headers given as name/value pairs, plus one header of every other type. */
    EventStreamFrames message(String json, String... nameValues) {
        ByteArrayOutputStream headers = new ByteArrayOutputStream();
        for (int i = 0; i < nameValues.length; i += 2) {
            stringHeader(headers, nameValues[i], nameValues[i + 1]);
        }
        otherHeaders(headers);
        byte[] h = headers.toByteArray();
        byte[] payload = json.getBytes(StandardCharsets.UTF_8);
        int total = 12 + h.length + payload.length + 4;
        ByteBuffer buf = ByteBuffer.allocate(total);
        buf.putInt(total).putInt(h.length);
        buf.putInt((int) crc(buf.array(), 0, 8));
        buf.put(h).put(payload);
        buf.putInt((int) crc(buf.array(), 0, total - 4));
        out.writeBytes(buf.array());
        return this;
    }

    byte[] bytes() {
        return out.toByteArray();
    }

    private static void stringHeader(ByteArrayOutputStream h, String name, String value) {
        name(h, name);
        byte[] v = value.getBytes(StandardCharsets.UTF_8);
        h.write(7);
        h.write(v.length >> 8);
        h.write(v.length & 0xff);
        h.writeBytes(v);
    }

    /** Headers of types 0-6, 8 and 9, which the decoder must skip by their sizes. */
    private static void otherHeaders(ByteArrayOutputStream h) {
        name(h, "x-true");
        h.write(0);
        name(h, "x-false");
        h.write(1);
        name(h, "x-byte");
        h.write(2);
        h.write(7);
        name(h, "x-short");
        h.write(3);
        h.writeBytes(new byte[2]);
        name(h, "x-int");
        h.write(4);
        h.writeBytes(new byte[4]);
        name(h, "x-long");
        h.write(5);
        h.writeBytes(new byte[8]);
        name(h, "x-bytes");
        h.write(6);
        h.write(0);
        h.write(3);
        h.writeBytes(new byte[]{1, 2, 3});
        name(h, "x-time");
        h.write(8);
        h.writeBytes(new byte[8]);
        name(h, "x-uuid");
        h.write(9);
        h.writeBytes(new byte[16]);
    }

    private static void name(ByteArrayOutputStream h, String name) {
        byte[] n = name.getBytes(StandardCharsets.UTF_8);
        h.write(n.length);
        h.writeBytes(n);
    }

    private static long crc(byte[] b, int from, int length) {
        CRC32 crc = new CRC32();
        crc.update(b, from, length);
        return crc.getValue();
    }
}
