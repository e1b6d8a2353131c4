package dev.heimdall.governance.store.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.heimdall.governance.budget.BudgetPeriod;
import dev.heimdall.governance.budget.BudgetSpec;
import dev.heimdall.governance.keys.AccessProfile;
import dev.heimdall.governance.keys.Customer;
import dev.heimdall.governance.keys.KeyHash;
import dev.heimdall.governance.keys.PolicySpec;
import dev.heimdall.governance.keys.Team;
import dev.heimdall.governance.keys.VirtualKey;
import dev.heimdall.governance.limits.RateLimitSpec;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The JSON documents of customers, teams, access profiles and virtual keys, as the governance store keeps them and
 * the admin API exchanges them. Field names are those of the YAML configuration (kebab-case); reading is strict:
 * unknown fields, wrong types and out-of-range values are rejected with the path of the field.
 *
 * <pre>
 * budget:     { "name": "monthly", "usd": 100.5, "period": "monthly" }      (or "period": "rolling", "window": "7d")
 * rate-limit: { "requests-per-minute": 600, "tokens-per-minute": 200000 }   (also -per-hour, -per-day)
 * policy fields (an access profile's, a virtual key's overrides): allowed-providers, allowed-models, budgets,
 *             rate-limit, provider-rate-limits (provider name to rate-limit), guardrails, fallbacks
 * </pre>
 */
public final class GovernanceDocuments {

    public static final List<String> POLICY_FIELDS = List.of("allowed-providers", "allowed-models", "budgets",
            "rate-limit", "provider-rate-limits", "guardrails", "fallbacks");
    public static final List<String> CUSTOMER_FIELDS = List.of("id", "name", "budgets", "rate-limit", "tags");
    public static final List<String> TEAM_FIELDS = List.of("id", "name", "customer", "budgets", "rate-limit", "tags");
    public static final List<String> PROFILE_FIELDS = concat(List.of("id", "description"), POLICY_FIELDS);
    /** The fields of a virtual key a client sets; the rest ({@link #KEY_STATE_FIELDS}) the gateway manages. */
    public static final List<String> KEY_SETTINGS_FIELDS = concat(
            List.of("id", "name", "team", "profile", "enabled", "expires-at", "tags"), POLICY_FIELDS);
    public static final List<String> KEY_STATE_FIELDS = List.of("hash", "hint", "previous-hash",
            "previous-valid-until", "created-at");

    private static final List<String> BUDGET_FIELDS = List.of("name", "usd", "period", "window");
    private static final List<String> RATE_LIMIT_FIELDS = List.of("requests-per-minute", "requests-per-hour",
            "requests-per-day", "tokens-per-minute", "tokens-per-hour", "tokens-per-day");
    private static final List<String> KEY_FIELDS = concat(KEY_SETTINGS_FIELDS, KEY_STATE_FIELDS);
    private static final BigDecimal MICROS_PER_USD = BigDecimal.valueOf(1_000_000);
    private static final BigDecimal MAX_USD = BigDecimal.valueOf(1_000_000_000_000L);
    private static final long MAX_RATE = 1_000_000_000_000L;
    private static final Pattern WINDOW = Pattern.compile("([1-9][0-9]{0,5})([mhd])");
    private static final int MAX_TAGS = 64;
    private static final int MAX_TEXT = 256;
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private GovernanceDocuments() {
    }

    // ---- customers and teams

    public static Customer customer(JsonNode json) {
        DocumentNode doc = DocumentNode.root(json);
        doc.requireObject(CUSTOMER_FIELDS);
        return entity(doc, () -> new Customer(id(doc), text(doc.field("name"), "a display name"),
                budgets(doc.field("budgets")), rateLimitOrNone(doc.field("rate-limit")), tags(doc.field("tags"))));
    }

    public static ObjectNode write(Customer customer) {
        ObjectNode out = JSON.objectNode().put("id", customer.id()).put("name", customer.name());
        writeCommon(out, customer.budgets(), customer.rateLimit(), customer.tags());
        return out;
    }

    public static Team team(JsonNode json) {
        DocumentNode doc = DocumentNode.root(json);
        doc.requireObject(TEAM_FIELDS);
        return entity(doc, () -> new Team(id(doc), text(doc.field("name"), "a display name"),
                reference(doc.field("customer"), "a customer id"), budgets(doc.field("budgets")),
                rateLimitOrNone(doc.field("rate-limit")), tags(doc.field("tags"))));
    }

    public static ObjectNode write(Team team) {
        ObjectNode out = JSON.objectNode().put("id", team.id()).put("name", team.name());
        if (team.customerId() != null) {
            out.put("customer", team.customerId());
        }
        writeCommon(out, team.budgets(), team.rateLimit(), team.tags());
        return out;
    }

    // ---- access profiles

    public static AccessProfile profile(JsonNode json) {
        DocumentNode doc = DocumentNode.root(json);
        doc.requireObject(PROFILE_FIELDS);
        return entity(doc, () -> new AccessProfile(id(doc), text(doc.field("description"), "a description"), policy(doc)));
    }

    public static ObjectNode write(AccessProfile profile) {
        ObjectNode out = JSON.objectNode().put("id", profile.id());
        if (profile.description() != null) {
            out.put("description", profile.description());
        }
        writePolicy(out, profile.policy());
        return out;
    }

    // ---- virtual keys

    /** A virtual key as stored, with its hashes. */
    public static VirtualKey virtualKey(JsonNode json) {
        DocumentNode doc = DocumentNode.root(json);
        doc.requireObject(KEY_FIELDS);
        return entity(doc, () -> new VirtualKey(id(doc), text(doc.field("name"), "a display name"),
                hash(doc.field("hash")), text(doc.field("hint"), "a hint"),
                doc.field("previous-hash").isPresent() ? hash(doc.field("previous-hash")) : null,
                doc.field("previous-valid-until").instant(), reference(doc.field("team"), "a team id"),
                reference(doc.field("profile"), "an access profile id"), policy(doc),
                doc.field("enabled").bool(true), doc.field("expires-at").instant(), tags(doc.field("tags")),
                doc.field("created-at").instant()));
    }

    /** A virtual key as stored: with its hashes, which the admin API never shows. */
    public static ObjectNode write(VirtualKey key) {
        ObjectNode out = writeSettings(key);
        out.put("hash", key.hash().hex());
        if (key.previousHash() != null) {
            out.put("previous-hash", key.previousHash().hex());
        }
        return out;
    }

    /** A virtual key without its hashes: what a client may see of it. */
    public static ObjectNode writeSettings(VirtualKey key) {
        ObjectNode out = JSON.objectNode().put("id", key.id()).put("name", key.name());
        if (key.hint() != null) {
            out.put("hint", key.hint());
        }
        if (key.previousValidUntil() != null) {
            out.put("previous-valid-until", key.previousValidUntil().toString());
        }
        if (key.teamId() != null) {
            out.put("team", key.teamId());
        }
        if (key.profileId() != null) {
            out.put("profile", key.profileId());
        }
        writePolicy(out, key.overrides());
        out.put("enabled", key.enabled());
        if (key.expiresAt() != null) {
            out.put("expires-at", key.expiresAt().toString());
        }
        if (!key.tags().isEmpty()) {
            out.set("tags", tagsNode(key.tags()));
        }
        if (key.createdAt() != null) {
            out.put("created-at", key.createdAt().toString());
        }
        return out;
    }

    // ---- policies, budgets, rate limits

    /** The policy fields of {@code doc} (an access profile or a virtual key); absent fields stay unset (inherit). */
    public static PolicySpec policy(DocumentNode doc) {
        DocumentNode budgets = doc.field("budgets");
        DocumentNode rateLimit = doc.field("rate-limit");
        return new PolicySpec(
                doc.field("allowed-providers").stringsOrNull("a provider name or pattern"),
                doc.field("allowed-models").stringsOrNull("a model pattern such as groq/* or an alias"),
                budgets.isPresent() ? budgets(budgets) : null,
                rateLimit.isPresent() ? rateLimit(rateLimit) : null,
                providerRateLimits(doc.field("provider-rate-limits")),
                text(doc.field("guardrails"), "a guardrail policy name"),
                doc.field("fallbacks").stringsOrNull("a fallback model (an alias or provider/model)"));
    }

    public static void writePolicy(ObjectNode out, PolicySpec policy) {
        putStrings(out, "allowed-providers", policy.allowedProviders());
        putStrings(out, "allowed-models", policy.allowedModels());
        if (policy.budgets() != null) {
            out.set("budgets", budgetsNode(policy.budgets()));
        }
        if (policy.rateLimit() != null) {
            out.set("rate-limit", rateLimitNode(policy.rateLimit()));
        }
        if (policy.providerRateLimits() != null) {
            ObjectNode limits = out.putObject("provider-rate-limits");
            policy.providerRateLimits().entrySet().stream().sorted(Map.Entry.comparingByKey())
                    .forEach(e -> limits.set(e.getKey(), rateLimitNode(e.getValue())));
        }
        if (policy.guardrails() != null) {
            out.put("guardrails", policy.guardrails());
        }
        putStrings(out, "fallbacks", policy.fallbacks());
    }

    public static List<BudgetSpec> budgets(DocumentNode node) {
        List<BudgetSpec> budgets = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (DocumentNode budget : node.elements("a list of budgets")) {
            BudgetSpec spec = budget(budget);
            if (!names.add(spec.name())) {
                throw budget.field("name").error("expected a budget name unique among these budgets, got \""
                        + spec.name() + "\" again");
            }
            budgets.add(spec);
        }
        return budgets;
    }

    public static BudgetSpec budget(DocumentNode node) {
        node.requireObject(BUDGET_FIELDS);
        DocumentNode periodNode = node.field("period");
        String periodText = periodNode.requiredString("one of daily, weekly, monthly, quarterly, rolling");
        BudgetPeriod period = Stream.of(BudgetPeriod.values())
                .filter(p -> p.name().equalsIgnoreCase(periodText)).findFirst()
                .orElseThrow(() -> periodNode.expected("one of daily, weekly, monthly, quarterly, rolling"));
        DocumentNode usdNode = node.field("usd");
        BigDecimal usd = usdNode.decimal("an amount in US dollars, such as 100 or 12.5");
        if (usd == null || usd.signum() < 0 || usd.compareTo(MAX_USD) > 0 || usd.stripTrailingZeros().scale() > 6) {
            throw usdNode.expected("an amount in US dollars between 0 and " + MAX_USD.toPlainString()
                    + ", with at most 6 decimal places");
        }
        DocumentNode windowNode = node.field("window");
        if (period != BudgetPeriod.ROLLING && windowNode.isPresent()) {
            throw windowNode.error("only a rolling budget has a window");
        }
        Duration window = period == BudgetPeriod.ROLLING ? window(windowNode) : null;
        String name = node.field("name").string("a budget name");
        String budgetName = name == null ? period.name().toLowerCase(Locale.ROOT) : name;
        return entity(node, () -> new BudgetSpec(budgetName, usd.multiply(MICROS_PER_USD).longValueExact(), period, window));
    }

    public static RateLimitSpec rateLimit(DocumentNode node) {
        node.requireObject(RATE_LIMIT_FIELDS);
        long[] limits = new long[RATE_LIMIT_FIELDS.size()];
        for (int i = 0; i < limits.length; i++) {
            limits[i] = node.field(RATE_LIMIT_FIELDS.get(i)).integer(0, MAX_RATE, 0);
        }
        return new RateLimitSpec(limits[0], limits[1], limits[2], limits[3], limits[4], limits[5]);
    }

    public static ArrayNode budgetsNode(List<BudgetSpec> budgets) {
        ArrayNode out = JSON.arrayNode();
        for (BudgetSpec budget : budgets) {
            ObjectNode node = out.addObject().put("name", budget.name());
            node.put("usd", usd(budget.limitMicros()));
            node.put("period", budget.period().name().toLowerCase(Locale.ROOT));
            if (budget.rollingWindow() != null) {
                node.put("window", windowText(budget.rollingWindow()));
            }
        }
        return out;
    }

    public static ObjectNode rateLimitNode(RateLimitSpec spec) {
        ObjectNode out = JSON.objectNode();
        long[] limits = {spec.requestsPerMinute(), spec.requestsPerHour(), spec.requestsPerDay(),
                spec.tokensPerMinute(), spec.tokensPerHour(), spec.tokensPerDay()};
        for (int i = 0; i < limits.length; i++) {
            if (limits[i] > 0) {
                out.put(RATE_LIMIT_FIELDS.get(i), limits[i]);
            }
        }
        return out;
    }

    /** Micro-dollars as a plain decimal number of dollars ({@code 1.5}, never {@code 1.5E+0}). */
    public static BigDecimal usd(long micros) {
        BigDecimal usd = BigDecimal.valueOf(micros, 6).stripTrailingZeros();
        return usd.scale() < 0 ? usd.setScale(0) : usd;
    }

    // ---- helpers

    private static Map<String, RateLimitSpec> providerRateLimits(DocumentNode node) {
        if (!node.isPresent()) {
            return null;
        }
        Map<String, RateLimitSpec> limits = new LinkedHashMap<>();
        node.entries("an object of provider names to rate limits").forEach((provider, limit) -> {
            if (provider.isBlank()) {
                throw limit.error("expected a provider name");
            }
            limits.put(provider, rateLimit(limit));
        });
        return limits;
    }

    private static RateLimitSpec rateLimitOrNone(DocumentNode node) {
        return node.isPresent() ? rateLimit(node) : RateLimitSpec.NONE;
    }

    private static Map<String, String> tags(DocumentNode node) {
        Map<String, String> tags = new LinkedHashMap<>();
        Map<String, DocumentNode> entries = node.entries("an object of tag names to strings");
        if (entries.size() > MAX_TAGS) {
            throw node.error("expected at most " + MAX_TAGS + " tags, got " + entries.size());
        }
        entries.forEach((name, value) -> {
            if (name.isBlank() || name.length() > 64) {
                throw value.error("expected a tag name of 1 to 64 characters");
            }
            tags.put(name, text(value, "a string"));
        });
        return tags;
    }

    private static String id(DocumentNode doc) {
        return doc.field("id").requiredString("an id of letters, digits, '.', '_' or '-'");
    }

    private static String reference(DocumentNode node, String what) {
        String value = node.string(what);
        if (value != null && value.isBlank()) {
            throw node.expected(what);
        }
        return value;
    }

    private static String text(DocumentNode node, String what) {
        String value = node.string(what);
        if (value != null && value.length() > MAX_TEXT) {
            throw node.error("expected " + what + " of at most " + MAX_TEXT + " characters, got " + value.length());
        }
        return value;
    }

    private static KeyHash hash(DocumentNode node) {
        String hex = node.requiredString("a SHA-256 hash in hex");
        if (!hex.matches("[0-9a-f]{64}")) {
            throw node.expected("a SHA-256 hash in lower-case hex");
        }
        return new KeyHash(hex);
    }

    private static Duration window(DocumentNode node) {
        String text = node.requiredString("a rolling window such as 24h, 7d or 90m (at least 1h)");
        Matcher m = WINDOW.matcher(text);
        if (!m.matches()) {
            throw node.expected("a rolling window such as 24h, 7d or 90m (at least 1h)");
        }
        long amount = Long.parseLong(m.group(1));
        Duration window = switch (m.group(2)) {
            case "m" -> Duration.ofMinutes(amount);
            case "h" -> Duration.ofHours(amount);
            default -> Duration.ofDays(amount);
        };
        if (window.compareTo(Duration.ofHours(1)) < 0) {
            throw node.expected("a rolling window of at least 1h");
        }
        return window;
    }

    private static String windowText(Duration window) {
        long minutes = window.toMinutes();
        if (minutes % (24 * 60) == 0) {
            return minutes / (24 * 60) + "d";
        }
        return minutes % 60 == 0 ? minutes / 60 + "h" : minutes + "m";
    }

    private static void writeCommon(ObjectNode out, List<BudgetSpec> budgets, RateLimitSpec rateLimit,
                                    Map<String, String> tags) {
        if (!budgets.isEmpty()) {
            out.set("budgets", budgetsNode(budgets));
        }
        if (!rateLimit.isEmpty()) {
            out.set("rate-limit", rateLimitNode(rateLimit));
        }
        if (!tags.isEmpty()) {
            out.set("tags", tagsNode(tags));
        }
    }

    private static ObjectNode tagsNode(Map<String, String> tags) {
        ObjectNode out = JSON.objectNode();
        tags.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> out.put(e.getKey(), e.getValue()));
        return out;
    }

    private static void putStrings(ObjectNode out, String field, List<String> values) {
        if (values != null) {
            ArrayNode array = out.putArray(field);
            values.forEach(array::add);
        }
    }

    /** Runs a record constructor, turning the checks it makes itself into an error on {@code node}. */
    private static <T> T entity(DocumentNode node, Supplier<T> constructor) {
        try {
            return constructor.get();
        } catch (IllegalArgumentException e) {
            String message = e.getMessage();
            boolean aboutId = message != null && message.contains(" id must be ");
            throw (aboutId ? node.field("id") : node).error(message == null ? "invalid" : message);
        }
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return List.copyOf(all);
    }
}
