package dev.heimdall.node.lifecycle;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Whether this node is draining: out of the balancer's rotation ({@code /health/ready} answers 503), closing each
 * connection after its current response, and still serving whatever arrives, since a balancer takes a few seconds to
 * notice. A drain ends in one of two ways: an operator calls it off ({@link #cancel}), or the node stops, which waits
 * for the requests in flight ({@link #awaitIdle}) before it closes its listeners and leaves the cluster.
 */
public final class Drain {

    private static final Logger LOG = LoggerFactory.getLogger(Drain.class);
    private static final long POLL_MILLIS = 20;

    private final InFlightRequests requests;
    private final Duration timeout;
    private final AtomicBoolean draining = new AtomicBoolean();
    private final List<Runnable> onBegin = new CopyOnWriteArrayList<>();
    private final List<Runnable> onChange = new CopyOnWriteArrayList<>();
    private volatile long beganNanos;

    /** @param timeout how long, from its start, a drain waits for the requests in flight */
    public Drain(InFlightRequests requests, Duration timeout) {
        this.requests = requests;
        this.timeout = timeout;
    }

    public InFlightRequests requests() {
        return requests;
    }

    public boolean draining() {
        return draining.get();
    }

    /** What is left of the drain's deadline; the whole timeout when not draining. */
    public Duration remaining() {
        if (!draining()) {
            return timeout;
        }
        long left = timeout.toNanos() - (System.nanoTime() - beganNanos);
        return Duration.ofNanos(Math.max(0, left));
    }

    /** Runs {@code action} whenever a drain begins (on the thread that began it: keep it short). */
    public void onBegin(Runnable action) {
        onBegin.add(action);
    }

    /** Runs {@code action} whenever a drain begins or is called off. */
    public void onChange(Runnable action) {
        onChange.add(action);
    }

    /** Starts draining; a node that drains already keeps its first deadline. */
    public void begin() {
        if (!draining.compareAndSet(false, true)) {
            return;
        }
        beganNanos = System.nanoTime();
        LOG.info("draining: out of rotation, {} requests in flight, waiting up to {} s for them", requests.inFlight(),
                timeout.toSeconds());
        onBegin.forEach(Runnable::run);
        onChange.forEach(Runnable::run);
    }

    /** Back into rotation. */
    public void cancel() {
        if (draining.compareAndSet(true, false)) {
            LOG.info("drain called off: back in rotation");
            onChange.forEach(Runnable::run);
        }
    }

    /**
     * Completes with true once no request is in flight, or with false when the drain's deadline passes first. Call
     * it once the drain began.
     */
    public Future<Boolean> awaitIdle(Vertx vertx) {
        Promise<Boolean> idle = Promise.promise();
        check(vertx, idle);
        return idle.future();
    }

    private void check(Vertx vertx, Promise<Boolean> idle) {
        if (requests.inFlight() <= 0) {
            idle.complete(true);
        } else if (remaining().isZero()) {
            LOG.warn("drain deadline passed with {} requests in flight: they are cut", requests.inFlight());
            idle.complete(false);
        } else {
            vertx.setTimer(POLL_MILLIS, id -> check(vertx, idle));
        }
    }
}
