package dev.heimdall.node.ingress;

/** Keys under which the router's first handler leaves per-request timing in the routing context. */
public final class RequestTiming {

    public static final String START_NANOS = "heimdall.start";

    private RequestTiming() {
    }
}
