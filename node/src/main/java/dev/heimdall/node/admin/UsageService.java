package dev.heimdall.node.admin;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.heimdall.governance.store.GovernanceStore;
import dev.heimdall.governance.store.UsageQuery;
import dev.heimdall.governance.store.UsageTotal;
import dev.heimdall.governance.store.json.GovernanceDocuments;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Usage and spend over a time range, grouped by key, team, customer, provider or model: {@code from} and {@code to}
 * are RFC 3339 timestamps or dates (midnight UTC); by default the last 30 days. Usage is kept per hour, so the
 * range counts the hours that start in it. Blocking: runs on the admin worker.
 */
final class UsageService {

    static final List<String> PARAMETERS = List.of("from", "to", "group_by", "key", "team", "customer");
    private static final Duration DEFAULT_RANGE = Duration.ofDays(30);
    private static final Duration MAX_RANGE = Duration.ofDays(400);

    private final GovernanceStore store;
    private final Clock clock;

    UsageService(GovernanceStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    AdminReply usage(Map<String, String> params) {
        Instant to = params.containsKey("to") ? time("to", params.get("to")) : clock.instant();
        Instant from = params.containsKey("from") ? time("from", params.get("from")) : to.minus(DEFAULT_RANGE);
        if (!from.isBefore(to)) {
            throw AdminFailure.invalid("from", "Expected from to be before to.");
        }
        if (Duration.between(from, to).compareTo(MAX_RANGE) > 0) {
            throw AdminFailure.invalid("from", "Expected a range of at most " + MAX_RANGE.toDays() + " days.");
        }
        String groupText = params.getOrDefault("group_by", "key");
        UsageQuery.GroupBy groupBy;
        try {
            groupBy = UsageQuery.GroupBy.valueOf(groupText.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw AdminFailure.invalid("group_by", "Expected one of key, team, customer, provider, model.");
        }
        List<UsageTotal> totals = store.usage(new UsageQuery(from.toEpochMilli(), to.toEpochMilli(), groupBy,
                params.get("key"), params.get("team"), params.get("customer")));
        ObjectNode body = AdminJson.NODES.objectNode()
                .put("from", from.toString())
                .put("to", to.toString())
                .put("group-by", groupBy.name().toLowerCase(Locale.ROOT));
        ArrayNode data = body.putArray("data");
        for (UsageTotal total : totals) {
            ObjectNode row = data.addObject();
            if (total.group() == null) {
                row.putNull("group");
            } else {
                row.put("group", total.group());
            }
            row.put("requests", total.requests())
                    .put("input-tokens", total.inputTokens())
                    .put("output-tokens", total.outputTokens())
                    .put("cached-tokens", total.cachedTokens())
                    .put("cost-usd", GovernanceDocuments.usd(total.costMicros()));
        }
        return AdminReply.ok(body);
    }

    /** An RFC 3339 timestamp or a date (midnight UTC); a 400 naming {@code field} otherwise. */
    static Instant time(String field, String text) {
        try {
            return text.length() == 10 ? LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant()
                    : OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            throw AdminFailure.invalid(field, "Expected an RFC 3339 timestamp such as 2026-11-01T00:00:00Z, or a date"
                    + " such as 2026-11-01.");
        }
    }
}
