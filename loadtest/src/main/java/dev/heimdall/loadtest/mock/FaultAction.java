package dev.heimdall.loadtest.mock;

import java.util.Locale;

/**
 * What an injected fault does to a request. The same actions are available by config, by the
 * {@code x-mock-fault} request header, through {@code /_mock/faults} and through {@link MockProvider#faults()}.
 *
 * <p>Header form ({@link #parse(String)}): {@code status=503}, {@code status=429;retry-after=5}, {@code reset},
 * {@code delay=2000}, {@code cut-after=3}, {@code hang}.
 */
public sealed interface FaultAction {

    /** Answer with {@code status} and an error body in the provider's shape, optionally with {@code Retry-After}. */
    record Status(int status, Integer retryAfterSeconds) implements FaultAction {
        public Status {
            if (status < 100 || status > 599) {
                throw new IllegalArgumentException("status must be an HTTP status code, got " + status);
            }
        }
    }

    /** Close the TCP connection without any response. */
    record Reset() implements FaultAction {
    }

    /** Wait {@code ms} milliseconds, then handle the request normally. */
    record Delay(long ms) implements FaultAction {
        public Delay {
            if (ms < 0) {
                throw new IllegalArgumentException("delay must be >= 0, got " + ms);
            }
        }
    }

    /**
     * Write {@code chunks} SSE events of a stream, then close the connection. A non-streaming response is cut
     * after its headers and the first half of its body.
     */
    record CutAfter(int chunks) implements FaultAction {
        public CutAfter {
            if (chunks < 0) {
                throw new IllegalArgumentException("cut-after must be >= 0, got " + chunks);
            }
        }
    }

    /** Never answer (the connection stays open until the client gives up or the mock closes). */
    record Hang() implements FaultAction {
    }

    static FaultAction status(int status) {
        return new Status(status, null);
    }

    static FaultAction status(int status, int retryAfterSeconds) {
        return new Status(status, retryAfterSeconds);
    }

    static FaultAction reset() {
        return new Reset();
    }

    static FaultAction delay(long ms) {
        return new Delay(ms);
    }

    static FaultAction cutAfter(int chunks) {
        return new CutAfter(chunks);
    }

    static FaultAction hang() {
        return new Hang();
    }

    /** Parses the header form; throws {@link IllegalArgumentException} naming what was expected. */
    static FaultAction parse(String spec) {
        Integer status = null;
        Integer retryAfter = null;
        FaultAction other = null;
        for (String part : spec.split(";")) {
            String p = part.trim();
            if (p.isEmpty()) {
                continue;
            }
            int eq = p.indexOf('=');
            String name = (eq < 0 ? p : p.substring(0, eq)).trim().toLowerCase(Locale.ROOT);
            String value = eq < 0 ? null : p.substring(eq + 1).trim();
            switch (name) {
                case "status" -> status = intValue(name, value);
                case "retry-after" -> retryAfter = intValue(name, value);
                case "reset" -> other = reset();
                case "hang" -> other = hang();
                case "delay" -> other = delay(intValue(name, value));
                case "cut-after" -> other = cutAfter(intValue(name, value));
                default -> throw new IllegalArgumentException("unknown fault '" + name
                        + "', expected status=N[;retry-after=S], reset, delay=MS, cut-after=N or hang");
            }
        }
        if (status != null) {
            return new Status(status, retryAfter);
        }
        if (other == null) {
            throw new IllegalArgumentException("empty fault, expected status=N[;retry-after=S], reset, delay=MS, "
                    + "cut-after=N or hang");
        }
        return other;
    }

    private static int intValue(String name, String value) {
        if (value == null) {
            throw new IllegalArgumentException("fault '" + name + "' needs a value, e.g. " + name + "=3");
        }
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("fault '" + name + "' expects an integer, got '" + value + "'");
        }
    }
}
