package dev.heimdall.cluster.lease;

import java.util.concurrent.atomic.AtomicLong;

/** A clock that stands still until a test moves it. */
public final class ManualClock extends MillisClock {

    private final AtomicLong millis;

    public ManualClock(long startMillis) {
        this.millis = new AtomicLong(startMillis);
    }

    public void advance(long byMillis) {
        millis.addAndGet(byMillis);
    }

    @Override
    public long millis() {
        return millis.get();
    }
}
