package dev.heimdall.governance.store.json;

import com.fasterxml.jackson.databind.JsonNode;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A node of a JSON document together with its path, read through typed accessors that turn every mismatch into a
 * {@link DocumentException} naming the path. An absent field and an explicit null read the same way, as "not set".
 */
public final class DocumentNode {

    private final JsonNode node;
    private final String path;

    private DocumentNode(JsonNode node, String path) {
        this.node = node;
        this.path = path;
    }

    public static DocumentNode root(JsonNode node) {
        return new DocumentNode(node, "");
    }

    public String path() {
        return path;
    }

    public JsonNode json() {
        return node;
    }

    public boolean isPresent() {
        return node != null && !node.isNull() && !node.isMissingNode();
    }

    public DocumentException error(String problem) {
        return new DocumentException(path, problem);
    }

    public DocumentException expected(String what) {
        return error("expected " + what + ", got " + describe());
    }

    /** Checks that this node is an object whose fields are all in {@code allowed}. */
    public void requireObject(Collection<String> allowed) {
        if (!node.isObject()) {
            throw expected("an object");
        }
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!allowed.contains(name)) {
                throw field(name).error("unknown field; expected one of " + String.join(", ", allowed));
            }
        }
    }

    public DocumentNode field(String name) {
        JsonNode child = isPresent() && node.isObject() ? node.get(name) : null;
        return new DocumentNode(child, path.isEmpty() ? name : path + "." + name);
    }

    public List<DocumentNode> elements(String what) {
        List<DocumentNode> elements = new ArrayList<>();
        if (!isPresent()) {
            return elements;
        }
        if (!node.isArray()) {
            throw expected(what);
        }
        for (int i = 0; i < node.size(); i++) {
            elements.add(new DocumentNode(node.get(i), path + "[" + i + "]"));
        }
        return elements;
    }

    /** The fields of an object in document order; empty when absent. */
    public Map<String, DocumentNode> entries(String what) {
        Map<String, DocumentNode> entries = new LinkedHashMap<>();
        if (!isPresent()) {
            return entries;
        }
        if (!node.isObject()) {
            throw expected(what);
        }
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            entries.put(name, field(name));
        }
        return entries;
    }

    /** A string, or null when absent. */
    public String string(String what) {
        if (!isPresent()) {
            return null;
        }
        if (!node.isTextual()) {
            throw expected(what);
        }
        return node.textValue();
    }

    public String requiredString(String what) {
        String value = string(what);
        if (value == null || value.isBlank()) {
            throw expected(what);
        }
        return value;
    }

    /** A list of distinct non-blank strings, or null when absent (so that "not set" and "empty" stay apart). */
    public List<String> stringsOrNull(String what) {
        if (!isPresent()) {
            return null;
        }
        Set<String> values = new LinkedHashSet<>();
        for (DocumentNode element : elements("a list of " + what)) {
            if (!values.add(element.requiredString(what))) {
                throw element.error("expected " + what + " listed once, got " + element.describe() + " again");
            }
        }
        return List.copyOf(values);
    }

    public long integer(long min, long max, long fallback) {
        if (!isPresent()) {
            return fallback;
        }
        if (!node.isIntegralNumber() || !node.canConvertToLong() || node.longValue() < min || node.longValue() > max) {
            throw expected("an integer between " + min + " and " + max);
        }
        return node.longValue();
    }

    public boolean bool(boolean fallback) {
        if (!isPresent()) {
            return fallback;
        }
        if (!node.isBoolean()) {
            throw expected("true or false");
        }
        return node.booleanValue();
    }

    /** A decimal number, exactly as written (no binary floating point in between); null when absent. */
    public BigDecimal decimal(String what) {
        if (!isPresent()) {
            return null;
        }
        if (!node.isNumber()) {
            throw expected(what);
        }
        return node.isBigDecimal() || node.isIntegralNumber() ? node.decimalValue() : new BigDecimal(node.asText());
    }

    /** An RFC 3339 timestamp, such as {@code 2026-12-31T23:59:59Z}; null when absent. */
    public Instant instant() {
        String text = string("an RFC 3339 timestamp such as 2026-12-31T23:59:59Z");
        if (text == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            throw expected("an RFC 3339 timestamp such as 2026-12-31T23:59:59Z");
        }
    }

    /** What this node holds, for a message: strings are shown only as far as names and ids go (shortened). */
    String describe() {
        if (!isPresent()) {
            return "nothing";
        }
        if (node.isObject()) {
            return "an object";
        }
        if (node.isArray()) {
            return "a list";
        }
        if (node.isTextual()) {
            String text = node.textValue();
            String shown = text.length() > 40 ? text.substring(0, 40) + "..." : text;
            return "\"" + shown.replaceAll("[^\\x20-\\x7e]", "?").replace("\"", "\\\"") + "\"";
        }
        return node.isBoolean() ? "a boolean" : node.isNumber() ? node.asText() : node.getNodeType().toString().toLowerCase();
    }
}
