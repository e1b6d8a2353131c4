package dev.heimdall.providers.pricing;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

/**
 * List prices per model, from a JSON document of USD per million tokens:
 * <pre>{"as_of": "2025-11-01", "models": {"gpt-4o": {"input": 2.50, "output": 10.00, "cached_input": 1.25}, ...}}</pre>
 * A key may name a provider type too ({@code azure/gpt-4o}) to override the plain model's price for that type.
 * Prices are read as exact decimals and held as integer micro-USD per million tokens; more than six decimals is an
 * error.
 */
public final class PricingCatalog {

    public static final String RESOURCE = "dev/heimdall/providers/pricing/pricing.json";
    /**
     * Further price lists, one per provider family, merged over {@link #RESOURCE} in this order; a missing one is
     * skipped, a model listed twice is an error (two lists must not silently disagree).
     */
    public static final List<String> FAMILY_RESOURCES = List.of(
            "dev/heimdall/providers/pricing/pricing-google.json",
            "dev/heimdall/providers/pricing/pricing-bedrock.json",
            "dev/heimdall/providers/pricing/pricing-more.json");

    private static final Pattern DATE_SUFFIX = Pattern.compile("-(\\d{4}-\\d{2}-\\d{2}|\\d{8}|latest)$");
    /** Clients name models freely ({@code provider/anything}): beyond this many, answers are no longer kept. */
    private static final int MAX_REMEMBERED = 4_096;

    private final String asOf;
    private final Map<String, Price> prices;
    /**
     * Answers of {@link #lookup} by provider type ({@code ""} for none) and model: every request is priced twice
     * (its reservation, its settlement), and a dated name's fallback runs a regex and builds keys.
     */
    private final ConcurrentHashMap<String, ConcurrentHashMap<String, Optional<Price>>> answers =
            new ConcurrentHashMap<>();
    private final AtomicInteger remembered = new AtomicInteger();

    public PricingCatalog(String asOf, Map<String, Price> prices) {
        this.asOf = asOf;
        this.prices = Map.copyOf(prices);
    }

    /** The catalog shipped with the gateway. */
    public static PricingCatalog builtIn() {
        PricingCatalog base = resource(RESOURCE);
        if (base == null) {
            throw new IllegalStateException("missing resource " + RESOURCE);
        }
        Map<String, Price> prices = new HashMap<>(base.prices);
        for (String family : FAMILY_RESOURCES) {
            PricingCatalog more = resource(family);
            if (more != null) {
                for (Map.Entry<String, Price> entry : more.prices.entrySet()) {
                    if (prices.putIfAbsent(entry.getKey(), entry.getValue()) != null) {
                        throw new IllegalStateException(family + ": model " + entry.getKey() + " is priced twice");
                    }
                }
            }
        }
        return new PricingCatalog(base.asOf, prices);
    }

    private static PricingCatalog resource(String name) {
        try (InputStream in = PricingCatalog.class.getClassLoader().getResourceAsStream(name)) {
            return in == null ? null : load(in, name);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @param source names the document in error messages */
    public static PricingCatalog load(InputStream in, String source) throws IOException {
        ObjectMapper mapper = new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
        JsonNode root = mapper.readTree(in);
        JsonNode models = root == null ? null : root.get("models");
        if (models == null || !models.isObject()) {
            throw new IllegalArgumentException(source + ": expected an object at 'models'");
        }
        Map<String, Price> prices = new HashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = models.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String path = source + ": models." + e.getKey();
            JsonNode p = e.getValue();
            prices.put(e.getKey(), new Price(micros(p, "input", path), micros(p, "output", path),
                    optionalMicros(p, "cached_input", path), optionalMicros(p, "cache_write", path)));
        }
        return new PricingCatalog(root.path("as_of").asText(null), prices);
    }

    private static Long optionalMicros(JsonNode price, String field, String path) {
        return price.has(field) ? micros(price, field, path) : null;
    }

    private static long micros(JsonNode price, String field, String path) {
        JsonNode node = price.get(field);
        if (node == null || !node.isNumber()) {
            throw new IllegalArgumentException(path + "." + field + ": expected a number of USD per million tokens");
        }
        BigDecimal micros = node.decimalValue().movePointRight(6);
        try {
            return micros.longValueExact();
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException(path + "." + field + ": at most six decimals, got " + node.asText());
        }
    }

    /** When the prices were last checked against the providers' price lists, or null. */
    public String asOf() {
        return asOf;
    }

    /**
     * Tries {@code type/model}, then {@code model}, then both again with a trailing date ({@code -2024-08-06},
     * {@code -20241022}) or {@code -latest} removed.
     *
     * @return empty for an unknown model, so that the caller can flag it rather than charge nothing silently
     */
    public Optional<Price> lookup(String providerType, String model) {
        if (model == null) {
            return Optional.empty();
        }
        String type = providerType == null ? "" : providerType;
        ConcurrentHashMap<String, Optional<Price>> byModel = answers.get(type);
        Optional<Price> known = byModel == null ? null : byModel.get(model);
        if (known != null) {
            return known;
        }
        Optional<Price> price = find(providerType, model);
        if (remembered.get() < MAX_REMEMBERED
                && answers.computeIfAbsent(type, t -> new ConcurrentHashMap<>()).putIfAbsent(model, price) == null) {
            remembered.incrementAndGet();
        }
        return price;
    }

    private Optional<Price> find(String providerType, String model) {
        Price price = exact(providerType, model);
        if (price == null) {
            String undated = DATE_SUFFIX.matcher(model).replaceFirst("");
            if (!undated.equals(model)) {
                price = exact(providerType, undated);
            }
        }
        return Optional.ofNullable(price);
    }

    private Price exact(String providerType, String model) {
        Price price = providerType == null ? null : prices.get(providerType + "/" + model);
        return price != null ? price : prices.get(model);
    }
}
