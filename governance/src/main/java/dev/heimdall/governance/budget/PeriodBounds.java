package dev.heimdall.governance.budget;

/** Where a budget period (or a rolling budget's hourly bucket) starts and when the next one does, in epoch millis. */
public record PeriodBounds(long startMillis, long resetAtMillis) {

    public PeriodBounds {
        if (resetAtMillis <= startMillis) {
            throw new IllegalArgumentException("a period must end after it starts");
        }
    }

    public boolean contains(long epochMillis) {
        return epochMillis >= startMillis && epochMillis < resetAtMillis;
    }
}
