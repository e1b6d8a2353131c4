package dev.heimdall.node.config;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A node of the parsed YAML tree together with its path, read through typed accessors that substitute environment
 * variables into strings and turn every mismatch into a {@link ConfigException} naming the path. An absent key and
 * an explicit null read the same way, as "nothing". A hidden node (and everything below it) never shows the value it
 * holds in a message, only its kind.
 */
final class ConfigNode {

    private static final Pattern INTEGER = Pattern.compile("[-+]?\\d{1,10}");
    private static final int MAX_SHOWN = 80;

    private final JsonNode node;
    private final String path;
    private final String source;
    private final Substitution substitution;
    private final boolean hidden;

    private ConfigNode(JsonNode node, String path, String source, Substitution substitution, boolean hidden) {
        this.node = node;
        this.path = path;
        this.source = source;
        this.substitution = substitution;
        this.hidden = hidden;
    }

    static ConfigNode root(JsonNode node, String source, Substitution substitution) {
        return new ConfigNode(node, "", source, substitution, false);
    }

    String path() {
        return path;
    }

    boolean isPresent() {
        return node != null && !node.isNull() && !node.isMissingNode();
    }

    /** This node, never showing its values (or those below it) in messages. */
    ConfigNode hidden() {
        return new ConfigNode(node, path, source, substitution, true);
    }

    /** This node, showing its values in messages again (for the parts of a hidden node that hold no secret). */
    ConfigNode shown() {
        return new ConfigNode(node, path, source, substitution, false);
    }

    ConfigException error(String problem) {
        return new ConfigException(source, path, problem);
    }

    /** {@code "<path>: expected <what>, got <what this node holds>"}. */
    ConfigException expected(String what) {
        return error("expected " + what + ", got " + describe());
    }

    // ---- structure

    /** Checks that this node is a mapping (or absent) whose keys are all in {@code allowed}. */
    void requireMapping(List<String> allowed) {
        if (!isPresent()) {
            return;
        }
        if (!node.isObject()) {
            throw expected("a mapping with keys " + String.join(", ", allowed));
        }
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!allowed.contains(name)) {
                throw child(name).error("unknown key; expected one of " + String.join(", ", allowed));
            }
        }
    }

    /** {@link #requireMapping}, returning this node so a one-key section reads in one line. */
    ConfigNode requireMappingThen(List<String> allowed) {
        requireMapping(allowed);
        return this;
    }

    ConfigNode child(String key) {
        return new ConfigNode(isPresent() ? node.get(key) : null, path.isEmpty() ? key : path + "." + key, source, substitution, hidden);
    }

    /** The entries of a mapping in file order; empty when absent. */
    Map<String, ConfigNode> entries(String what) {
        Map<String, ConfigNode> entries = new LinkedHashMap<>();
        if (!isPresent()) {
            return entries;
        }
        if (!node.isObject()) {
            throw expected(what);
        }
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            entries.put(name, child(name));
        }
        return entries;
    }

    /** The elements of a list; empty when absent. */
    List<ConfigNode> elements(String what) {
        List<ConfigNode> elements = new ArrayList<>();
        if (!isPresent()) {
            return elements;
        }
        if (!node.isArray()) {
            throw expected(what);
        }
        for (int i = 0; i < node.size(); i++) {
            elements.add(new ConfigNode(node.get(i), path + "[" + i + "]", source, substitution, hidden));
        }
        return elements;
    }

    // ---- scalars

    /** A string after substitution, or {@code fallback} when absent. */
    String string(String what, String fallback) {
        if (!isPresent()) {
            return fallback;
        }
        if (!node.isTextual()) {
            throw expected(what);
        }
        return substituted();
    }

    /** A string after substitution that is not blank. */
    String requiredString(String what) {
        String value = string(what, null);
        if (value == null || value.isBlank()) {
            throw expected(what);
        }
        return value;
    }

    /** A list of distinct, non-blank strings; empty when absent. */
    List<String> stringList(String what) {
        List<String> values = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (ConfigNode element : elements("a list of " + what)) {
            String value = element.requiredString(what);
            if (!seen.add(value)) {
                throw element.error("expected " + what + " listed once, got " + element.describe() + " again");
            }
            values.add(value);
        }
        return values;
    }

    /** An integer in {@code [min, max]}, written as a number or as a string (so that it can be substituted). */
    int integer(int min, int max, Integer fallback) {
        String what = "an integer between " + min + " and " + max;
        if (!isPresent()) {
            if (fallback == null) {
                throw expected(what);
            }
            return fallback;
        }
        String text = node.isTextual() ? substituted().strip() : "";
        long value;
        if (node.isIntegralNumber() && node.canConvertToLong()) {
            value = node.longValue();
        } else if (INTEGER.matcher(text).matches()) {
            value = Long.parseLong(text);
        } else {
            throw expected(what);
        }
        if (value < min || value > max) {
            throw expected(what);
        }
        return (int) value;
    }

    /** A number in {@code [min, max]}, written as a number or as a string (so that it can be substituted). */
    double number(double min, double max, double fallback) {
        if (!isPresent()) {
            return fallback;
        }
        String what = "a number between " + min + " and " + max;
        double value;
        if (node.isNumber()) {
            value = node.doubleValue();
        } else if (node.isTextual()) {
            try {
                value = Double.parseDouble(substituted().strip());
            } catch (NumberFormatException e) {
                throw expected(what);
            }
        } else {
            throw expected(what);
        }
        if (!(value >= min && value <= max)) {
            throw expected(what);
        }
        return value;
    }

    /** Whether this node is the boolean false, which is also how YAML reads an unquoted {@code off} or {@code no}. */
    boolean isFalse() {
        return isPresent() && node.isBoolean() && !node.booleanValue();
    }

    boolean bool(boolean fallback) {
        if (!isPresent()) {
            return fallback;
        }
        if (node.isBoolean()) {
            return node.booleanValue();
        }
        if (node.isTextual()) {
            String text = substituted().strip();
            if (text.equals("true") || text.equals("false")) {
                return Boolean.parseBoolean(text);
            }
        }
        throw expected("true or false");
    }

    /** A positive duration: {@code 500ms}, {@code 30s}, {@code 5m}, {@code 1h}, or a number of milliseconds. */
    Duration duration(Duration fallback) {
        if (!isPresent()) {
            return fallback;
        }
        Duration value = null;
        if (node.isIntegralNumber() && node.canConvertToLong()) {
            value = Duration.ofMillis(node.longValue());
        } else if (node.isTextual()) {
            value = Units.parseDuration(substituted());
        }
        if (value == null || value.isNegative() || value.isZero()) {
            throw expected("a positive " + Units.DURATION_FORMS.substring(2));
        }
        return value;
    }

    /** A number of bytes in {@code [min, max]}: a plain number or {@code 512KiB}, {@code 8MiB}, {@code 10MB}, ... */
    long size(long min, long max, long fallback) {
        if (!isPresent()) {
            return fallback;
        }
        OptionalLong value = OptionalLong.empty();
        if (node.isIntegralNumber() && node.canConvertToLong()) {
            value = OptionalLong.of(node.longValue());
        } else if (node.isTextual()) {
            value = Units.parseSize(substituted());
        }
        if (value.isEmpty() || value.getAsLong() < min || value.getAsLong() > max) {
            throw expected(Units.SIZE_FORMS + ", between " + min + " and " + max + " bytes");
        }
        return value.getAsLong();
    }

    /**
     * This subtree as plain JSON with every string substituted, for sections whose entities are validated by the same
     * codec as the admin API's documents; its errors are reported under {@link #path()}.
     */
    JsonNode resolved() {
        if (!isPresent()) {
            return com.fasterxml.jackson.databind.node.NullNode.instance;
        }
        if (node.isObject()) {
            com.fasterxml.jackson.databind.node.ObjectNode copy = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
            for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
                String name = names.next();
                copy.set(name, child(name).resolved());
            }
            return copy;
        }
        if (node.isArray()) {
            com.fasterxml.jackson.databind.node.ArrayNode copy = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.arrayNode();
            for (ConfigNode element : elements("a list")) {
                copy.add(element.resolved());
            }
            return copy;
        }
        return node.isTextual() ? com.fasterxml.jackson.databind.node.TextNode.valueOf(substituted()) : node;
    }

    // ---- helpers

    private String substituted() {
        try {
            return substitution.apply(node.textValue());
        } catch (Substitution.Failure failure) {
            throw error(failure.getMessage());
        }
    }

    /** What this node holds, for a message: the raw text as written (never a substituted value) unless hidden. */
    String describe() {
        if (!isPresent()) {
            return "nothing";
        }
        if (node.isObject()) {
            return "a mapping";
        }
        if (node.isArray()) {
            return "a list";
        }
        if (hidden) {
            if (node.isTextual()) {
                return node.textValue().isEmpty() ? "an empty string" : "a string (not shown)";
            }
            return node.isBoolean() ? "a boolean" : "a number";
        }
        if (node.isTextual()) {
            String raw = node.textValue();
            return raw.contains("${") ? "the value of " + quote(raw) : quote(raw);
        }
        return node.asText();
    }

    static String quote(String text) {
        String shown = text.length() > MAX_SHOWN ? text.substring(0, MAX_SHOWN) + "..." : text;
        StringBuilder out = new StringBuilder(shown.length() + 2).append('"');
        for (int i = 0; i < shown.length(); i++) {
            char c = shown.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }
}
