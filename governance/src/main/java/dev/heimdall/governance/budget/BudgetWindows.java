package dev.heimdall.governance.budget;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.TemporalAdjusters;

/**
 * The period a budget charges at an instant. Calendar periods are aligned to midnight in the configured time zone
 * (weeks start on Monday, quarters in January, April, July and October), so a day in which the clocks change lasts
 * 23 or 25 hours, as its owner expects. A rolling budget is kept as hourly buckets aligned to the epoch; its window
 * is the current bucket and the ones before it, as many as the window has hours (rounded up), so it covers between
 * {@code window - 1h} and {@code window} of history.
 */
public final class BudgetWindows {

    public static final long BUCKET_MILLIS = Duration.ofHours(1).toMillis();

    private final ZoneId zone;

    public BudgetWindows(ZoneId zone) {
        this.zone = zone;
    }

    public ZoneId zone() {
        return zone;
    }

    /** The calendar period containing {@code now}, or for a rolling budget the current hourly bucket. */
    public PeriodBounds current(BudgetSpec spec, Instant now) {
        return current(spec.period(), now.toEpochMilli());
    }

    public PeriodBounds current(BudgetPeriod period, long nowMillis) {
        if (period == BudgetPeriod.ROLLING) {
            long start = bucketStart(nowMillis);
            return new PeriodBounds(start, start + BUCKET_MILLIS);
        }
        LocalDate today = Instant.ofEpochMilli(nowMillis).atZone(zone).toLocalDate();
        LocalDate start;
        LocalDate next;
        switch (period) {
            case DAILY -> {
                start = today;
                next = today.plusDays(1);
            }
            case WEEKLY -> {
                start = today.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
                next = start.plusWeeks(1);
            }
            case MONTHLY -> {
                start = today.withDayOfMonth(1);
                next = start.plusMonths(1);
            }
            case QUARTERLY -> {
                start = LocalDate.of(today.getYear(), (today.getMonthValue() - 1) / 3 * 3 + 1, 1);
                next = start.plusMonths(3);
            }
            default -> throw new IllegalArgumentException("not a calendar period: " + period);
        }
        // atStartOfDay(zone) gives the first valid instant of the day, also where midnight falls in a DST gap
        return new PeriodBounds(start.atStartOfDay(zone).toInstant().toEpochMilli(),
                next.atStartOfDay(zone).toInstant().toEpochMilli());
    }

    public static long bucketStart(long epochMillis) {
        return epochMillis - Math.floorMod(epochMillis, BUCKET_MILLIS);
    }

    /** How many hourly buckets a rolling budget's window spans, the current one included. */
    public static int bucketCount(BudgetSpec spec) {
        long millis = spec.rollingWindow().toMillis();
        return (int) ((millis + BUCKET_MILLIS - 1) / BUCKET_MILLIS);
    }
}
