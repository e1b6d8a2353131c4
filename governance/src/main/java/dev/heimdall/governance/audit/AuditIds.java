package dev.heimdall.governance.audit;

import java.util.concurrent.ThreadLocalRandom;

/**
 * Audit record ids: the time in hexadecimal milliseconds (12 digits), then 64 random bits (16 digits). Starting with
 * the time keeps the store's primary-key index appending at its end rather than splitting pages all over it. Made on
 * the event loop for every request: one char array, one string.
 */
public final class AuditIds {

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private AuditIds() {
    }

    public static String next(long timeMillis) {
        char[] id = new char[28];
        hex(timeMillis, id, 0, 12);
        hex(ThreadLocalRandom.current().nextLong(), id, 12, 16);
        return new String(id);
    }

    private static void hex(long value, char[] into, int offset, int digits) {
        for (int i = offset + digits - 1; i >= offset; i--) {
            into[i] = HEX[(int) (value & 0xf)];
            value >>>= 4;
        }
    }
}
