package dev.heimdall.node.lifecycle;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * The HTTP requests this node is serving now (streams until their last chunk) and how many it has answered: what a
 * drain waits for, and the load the cluster view shows. Every event loop counts here; a counter update is the only
 * cost on the request path.
 */
public final class InFlightRequests {

    private final AtomicLong inFlight = new AtomicLong();
    private final LongAdder answered = new LongAdder();

    public void started() {
        inFlight.incrementAndGet();
    }

    /** The response ended, or the connection closed under it. */
    public void ended() {
        inFlight.decrementAndGet();
        answered.increment();
    }

    public long inFlight() {
        return inFlight.get();
    }

    public long answered() {
        return answered.sum();
    }
}
