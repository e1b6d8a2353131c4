package dev.heimdall.governance.audit;

import java.util.concurrent.ThreadLocalRandom;

/**
 * Audit record ids: the time in hexadecimal milliseconds, then 64 random bits. Starting with the time keeps the
 * store's primary-key index appending at its end rather than splitting pages all over it.
 */
public final class AuditIds {

    private AuditIds() {
    }

    public static String next(long timeMillis) {
        String time = Long.toHexString(timeMillis);
        String random = Long.toHexString(ThreadLocalRandom.current().nextLong());
        StringBuilder id = new StringBuilder(28);
        id.append("0".repeat(Math.max(0, 12 - time.length()))).append(time);
        id.append("0".repeat(16 - random.length())).append(random);
        return id.toString();
    }
}
