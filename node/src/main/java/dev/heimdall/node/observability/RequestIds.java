package dev.heimdall.node.observability;

import java.util.concurrent.ThreadLocalRandom;

/** Request ids: the client's {@code x-request-id} when it is sane, otherwise a fresh random one. */
public final class RequestIds {

    private static final int MAX_CLIENT_ID_LENGTH = 128;

    private RequestIds() {
    }

    public static String fromClientOrNew(String clientId) {
        if (clientId != null && !clientId.isEmpty() && clientId.length() <= MAX_CLIENT_ID_LENGTH && isSafe(clientId)) {
            return clientId;
        }
        ThreadLocalRandom random = ThreadLocalRandom.current();
        return "req_" + Long.toHexString(random.nextLong() | Long.MIN_VALUE) + Long.toHexString(random.nextLong() | Long.MIN_VALUE);
    }

    /** Only characters that cannot split a header or a log line, so a hostile id is replaced, never echoed. */
    private static boolean isSafe(String id) {
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '_' || c == '.' || c == ':';
            if (!ok) {
                return false;
            }
        }
        return true;
    }
}
