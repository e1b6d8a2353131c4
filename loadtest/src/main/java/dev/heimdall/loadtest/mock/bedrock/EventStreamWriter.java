package dev.heimdall.loadtest.mock.bedrock;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;

/**
 * Encodes messages of AWS's event stream ({@code application/vnd.amazon.eventstream}): total length u32, headers
 * length u32, prelude CRC32, headers (u8 name length, name, type 7 = string with a u16 length), payload, message
 * CRC32 over everything before it.
 */
public final class EventStreamWriter {

    private EventStreamWriter() {
    }

    /** An {@code event} message as ConverseStream sends it. */
    public static byte[] event(String eventType, byte[] json) {
        return message(json, ":event-type", eventType, ":content-type", "application/json", ":message-type", "event");
    }

    /** An {@code exception} message, e.g. {@code throttlingException}. */
    public static byte[] exception(String exceptionType, byte[] json) {
        return message(json, ":exception-type", exceptionType, ":content-type", "application/json",
                ":message-type", "exception");
    }

    /** A message with string headers given as name/value pairs. */
    public static byte[] message(byte[] payload, String... nameValues) {
        ByteArrayOutputStream headers = new ByteArrayOutputStream();
        for (int i = 0; i < nameValues.length; i += 2) {
            byte[] name = nameValues[i].getBytes(StandardCharsets.UTF_8);
            byte[] value = nameValues[i + 1].getBytes(StandardCharsets.UTF_8);
            headers.write(name.length);
            headers.writeBytes(name);
            headers.write(7);
            headers.write(value.length >> 8);
            headers.write(value.length & 0xff);
            headers.writeBytes(value);
        }
        byte[] h = headers.toByteArray();
        int total = 12 + h.length + payload.length + 4;
        ByteBuffer buf = ByteBuffer.allocate(total);
        buf.putInt(total).putInt(h.length);
        buf.putInt((int) crc(buf.array(), 8));
        buf.put(h).put(payload);
        buf.putInt((int) crc(buf.array(), total - 4));
        return buf.array();
    }

    private static long crc(byte[] b, int length) {
        CRC32 crc = new CRC32();
        crc.update(b, 0, length);
        return crc.getValue();
    }
}
