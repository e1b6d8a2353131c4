package dev.heimdall.node.config;

import java.time.Duration;
import java.util.Map;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The duration and size notations of the configuration file. */
final class Units {

    static final String DURATION_FORMS = "a duration such as 500ms, 30s, 5m, 1h or a whole number of milliseconds";
    static final String SIZE_FORMS = "a size such as 8388608 (bytes), 512KiB, 8MiB, 1GiB, 10MB";

    private static final Pattern DURATION = Pattern.compile("(\\d{1,18})(ms|s|m|h)?");
    private static final Pattern SIZE = Pattern.compile("(\\d{1,18}) ?(B|KB|MB|GB|KiB|MiB|GiB)?");
    private static final Map<String, Long> SIZE_UNITS = Map.of(
            "B", 1L,
            "KB", 1_000L, "MB", 1_000_000L, "GB", 1_000_000_000L,
            "KiB", 1L << 10, "MiB", 1L << 20, "GiB", 1L << 30);

    private Units() {
    }

    /** Parses {@code "500ms"}, {@code "30s"}, {@code "5m"}, {@code "1h"} or {@code "250"} (milliseconds); null if not one. */
    static Duration parseDuration(String text) {
        Matcher m = DURATION.matcher(text.strip());
        if (!m.matches()) {
            return null;
        }
        long amount = Long.parseLong(m.group(1));
        String unit = m.group(2) == null ? "ms" : m.group(2);
        try {
            return switch (unit) {
                case "ms" -> Duration.ofMillis(amount);
                case "s" -> Duration.ofSeconds(amount);
                case "m" -> Duration.ofMinutes(amount);
                default -> Duration.ofHours(amount);
            };
        } catch (ArithmeticException overflow) {
            return null;
        }
    }

    /** Parses {@code "8388608"}, {@code "512KiB"}, {@code "8MiB"}, {@code "10MB"}, {@code "1GiB"} into bytes; empty if not one. */
    static OptionalLong parseSize(String text) {
        Matcher m = SIZE.matcher(text.strip());
        if (!m.matches()) {
            return OptionalLong.empty();
        }
        long amount = Long.parseLong(m.group(1));
        long unit = m.group(2) == null ? 1 : SIZE_UNITS.get(m.group(2));
        try {
            return OptionalLong.of(Math.multiplyExact(amount, unit));
        } catch (ArithmeticException overflow) {
            return OptionalLong.empty();
        }
    }
}
