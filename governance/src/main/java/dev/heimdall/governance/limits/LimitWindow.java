package dev.heimdall.governance.limits;

/**
 * A fixed rate-limit window aligned to the epoch in UTC (minute, hour, day), so every node and every restart agree on
 * where a window starts and when it resets.
 */
public enum LimitWindow {
    MINUTE(60_000L),
    HOUR(3_600_000L),
    DAY(86_400_000L);

    private final long millis;

    LimitWindow(long millis) {
        this.millis = millis;
    }

    public long millis() {
        return millis;
    }

    public long startOf(long epochMillis) {
        return epochMillis - Math.floorMod(epochMillis, millis);
    }

    public long resetAfter(long epochMillis) {
        return startOf(epochMillis) + millis;
    }
}
