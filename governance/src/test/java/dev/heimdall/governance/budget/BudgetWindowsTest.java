package dev.heimdall.governance.budget;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;

import static org.assertj.core.api.Assertions.assertThat;

class BudgetWindowsTest {

    private final BudgetWindows berlin = new BudgetWindows(ZoneId.of("Europe/Berlin"));

    private static PeriodBounds bounds(String start, String resetAt) {
        return new PeriodBounds(Instant.parse(start).toEpochMilli(), Instant.parse(resetAt).toEpochMilli());
    }

    private PeriodBounds at(BudgetWindows windows, BudgetPeriod period, String instant) {
        return windows.current(period, Instant.parse(instant).toEpochMilli());
    }

    @Test
    void aDayRunsFromMidnightToMidnightInTheConfiguredZone() {
        assertThat(at(berlin, BudgetPeriod.DAILY, "2026-11-25T10:00:00Z"))
                .isEqualTo(bounds("2026-11-24T23:00:00Z", "2026-11-25T23:00:00Z"));
        assertThat(at(berlin, BudgetPeriod.DAILY, "2026-11-25T22:59:59.999Z"))
                .isEqualTo(bounds("2026-11-24T23:00:00Z", "2026-11-25T23:00:00Z"));
        assertThat(at(berlin, BudgetPeriod.DAILY, "2026-11-25T23:00:00Z"))
                .isEqualTo(bounds("2026-11-25T23:00:00Z", "2026-11-26T23:00:00Z"));
        assertThat(at(new BudgetWindows(ZoneId.of("UTC")), BudgetPeriod.DAILY, "2026-11-25T23:30:00Z"))
                .isEqualTo(bounds("2026-11-25T00:00:00Z", "2026-11-26T00:00:00Z"));
    }

    @Test
    void daysWhenTheClocksChangeLast23Or25Hours() {
        PeriodBounds spring = at(berlin, BudgetPeriod.DAILY, "2026-03-29T12:00:00Z");
        assertThat(spring).isEqualTo(bounds("2026-03-28T23:00:00Z", "2026-03-29T22:00:00Z"));
        assertThat(Duration.ofMillis(spring.resetAtMillis() - spring.startMillis())).isEqualTo(Duration.ofHours(23));

        PeriodBounds autumn = at(berlin, BudgetPeriod.DAILY, "2026-10-25T12:00:00Z");
        assertThat(autumn).isEqualTo(bounds("2026-10-24T22:00:00Z", "2026-10-25T23:00:00Z"));
        assertThat(Duration.ofMillis(autumn.resetAtMillis() - autumn.startMillis())).isEqualTo(Duration.ofHours(25));
    }

    @Test
    void aDayWhoseMidnightFallsInADstGapStartsAtItsFirstInstant() {
        BudgetWindows havana = new BudgetWindows(ZoneId.of("America/Havana"));
        // on 2026-03-08 Havana's clocks jump from 00:00 to 01:00
        assertThat(at(havana, BudgetPeriod.DAILY, "2026-03-08T12:00:00Z"))
                .isEqualTo(bounds("2026-03-08T05:00:00Z", "2026-03-09T04:00:00Z"));
        assertThat(at(havana, BudgetPeriod.DAILY, "2026-03-08T04:59:59Z").resetAtMillis())
                .isEqualTo(Instant.parse("2026-03-08T05:00:00Z").toEpochMilli());
    }

    @Test
    void weeksStartOnMonday() {
        PeriodBounds week = bounds("2026-11-22T23:00:00Z", "2026-11-29T23:00:00Z");
        assertThat(at(berlin, BudgetPeriod.WEEKLY, "2026-11-25T10:00:00Z")).as("Wednesday").isEqualTo(week);
        assertThat(at(berlin, BudgetPeriod.WEEKLY, "2026-11-22T23:00:00Z")).as("Monday 00:00").isEqualTo(week);
        assertThat(at(berlin, BudgetPeriod.WEEKLY, "2026-11-29T22:59:59Z")).as("Sunday 23:59:59").isEqualTo(week);
        assertThat(at(berlin, BudgetPeriod.WEEKLY, "2026-11-22T22:59:59Z")).as("the Sunday before")
                .isEqualTo(bounds("2026-11-15T23:00:00Z", "2026-11-22T23:00:00Z"));
    }

    @Test
    void monthsAndQuartersFollowTheCalendar() {
        assertThat(at(berlin, BudgetPeriod.MONTHLY, "2026-11-25T10:00:00Z"))
                .isEqualTo(bounds("2026-10-31T23:00:00Z", "2026-11-30T23:00:00Z"));
        assertThat(at(berlin, BudgetPeriod.MONTHLY, "2026-02-10T10:00:00Z"))
                .isEqualTo(bounds("2026-01-31T23:00:00Z", "2026-02-28T23:00:00Z"));
        assertThat(at(berlin, BudgetPeriod.QUARTERLY, "2026-11-25T10:00:00Z")).as("October (summer time) to January")
                .isEqualTo(bounds("2026-09-30T22:00:00Z", "2026-12-31T23:00:00Z"));
        assertThat(at(berlin, BudgetPeriod.QUARTERLY, "2026-02-15T10:00:00Z"))
                .isEqualTo(bounds("2025-12-31T23:00:00Z", "2026-03-31T22:00:00Z"));
        assertThat(at(berlin, BudgetPeriod.QUARTERLY, "2026-06-30T21:59:59Z").resetAtMillis())
                .isEqualTo(Instant.parse("2026-06-30T22:00:00Z").toEpochMilli());
    }

    @Test
    void rollingBudgetsChargeHourlyBuckets() {
        assertThat(at(berlin, BudgetPeriod.ROLLING, "2026-11-25T10:42:17Z"))
                .isEqualTo(bounds("2026-11-25T10:00:00Z", "2026-11-25T11:00:00Z"));
        assertThat(BudgetWindows.bucketCount(new BudgetSpec("r", 1, BudgetPeriod.ROLLING, Duration.ofHours(24))))
                .isEqualTo(24);
        assertThat(BudgetWindows.bucketCount(new BudgetSpec("r", 1, BudgetPeriod.ROLLING, Duration.ofMinutes(90))))
                .isEqualTo(2);
    }
}
