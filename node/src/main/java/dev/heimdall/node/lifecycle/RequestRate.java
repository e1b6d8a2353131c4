package dev.heimdall.node.lifecycle;

import java.util.function.LongSupplier;

/**
 * Requests answered per second over the last full second or more: sampled whenever asked, but the rate moves on
 * only once a second has passed, so that asking twice in a row does not divide a handful by a millisecond.
 */
public final class RequestRate {

    private static final long SECOND = 1_000_000_000L;

    private final InFlightRequests requests;
    private final LongSupplier nanoClock;
    private long sampledAt;
    private long answeredThen;
    private double perSecond;

    public RequestRate(InFlightRequests requests, LongSupplier nanoClock) {
        this.requests = requests;
        this.nanoClock = nanoClock;
        this.sampledAt = nanoClock.getAsLong();
        this.answeredThen = requests.answered();
    }

    public synchronized double perSecond() {
        long now = nanoClock.getAsLong();
        long elapsed = now - sampledAt;
        if (elapsed >= SECOND) {
            long answered = requests.answered();
            perSecond = (answered - answeredThen) * (double) SECOND / elapsed;
            answeredThen = answered;
            sampledAt = now;
        }
        return perSecond;
    }
}
