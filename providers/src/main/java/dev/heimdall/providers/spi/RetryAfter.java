package dev.heimdall.providers.spi;

import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/** Parses an HTTP {@code Retry-After} header (RFC 9110 section 10.2.3) for {@link ProviderError.RateLimited}. */
public final class RetryAfter {

    private RetryAfter() {
    }

    /**
     * @param value delay in seconds (integer or decimal) or an HTTP date; may be null
     * @return the delay, zero for a date in the past, or null when absent or unparseable
     */
    public static Duration parse(String value, Clock clock) {
        if (value == null) {
            return null;
        }
        String v = value.trim();
        if (v.isEmpty()) {
            return null;
        }
        char first = v.charAt(0);
        if (first >= '0' && first <= '9') {
            try {
                double seconds = Double.parseDouble(v);
                return Double.isFinite(seconds) ? Duration.ofMillis((long) Math.ceil(seconds * 1000)) : null;
            } catch (NumberFormatException e) {
                return null;
            }
        }
        try {
            ZonedDateTime at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME);
            Duration delay = Duration.between(clock.instant(), at.toInstant());
            return delay.isNegative() ? Duration.ZERO : delay;
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
