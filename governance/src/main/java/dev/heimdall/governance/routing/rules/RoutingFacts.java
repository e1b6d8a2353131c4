package dev.heimdall.governance.routing.rules;

import java.time.DayOfWeek;
import java.time.ZonedDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What a routing rule may look at, gathered once per request.
 *
 * @param model            the model name the client asked for
 * @param ingress          the API the request came in on ({@code openai}, {@code anthropic}, ...)
 * @param estimatedTokens  the prompt's estimated size
 * @param metadata         request metadata ({@code x-heimdall-meta-*} headers and the body's {@code metadata})
 * @param key              the caller's virtual key, or {@link KeyFacts#ANONYMOUS}
 * @param now              the request's time in the rules' time zone
 * @param budgetUsedPercent the share of the caller's tightest budget already spent, 0 when it has none
 */
public record RoutingFacts(String model, String ingress, boolean stream, long estimatedTokens,
                           Map<String, String> metadata, KeyFacts key, ZonedDateTime now, double budgetUsedPercent) {

    // DayOfWeek.name() is upper case; lower-casing it per request would allocate on every rule that reads the day
    private static final String[] DAY_NAMES = Arrays.stream(DayOfWeek.values())
            .map(day -> day.name().toLowerCase(Locale.ROOT)).toArray(String[]::new);

    public RoutingFacts {
        model = model == null ? "" : model;
        ingress = ingress == null ? "" : ingress;
        metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
        key = key == null ? KeyFacts.ANONYMOUS : key;
    }

    /** The hour of {@link #now()}, 0 to 23. */
    public long hour() {
        return now.getHour();
    }

    public long minute() {
        return now.getMinute();
    }

    /** {@code "monday"} ... {@code "sunday"}. */
    public String dayOfWeek() {
        return DAY_NAMES[now.getDayOfWeek().ordinal()];
    }

    public boolean weekend() {
        DayOfWeek day = now.getDayOfWeek();
        return day == DayOfWeek.SATURDAY || day == DayOfWeek.SUNDAY;
    }

    /** The virtual key's identity as rules see it. */
    public record KeyFacts(String name, String team, String customer, List<String> tags) {

        public static final KeyFacts ANONYMOUS = new KeyFacts("", "", "", List.of());

        public KeyFacts {
            name = name == null ? "" : name;
            team = team == null ? "" : team;
            customer = customer == null ? "" : customer;
            tags = tags == null ? List.of() : List.copyOf(tags);
        }
    }
}
