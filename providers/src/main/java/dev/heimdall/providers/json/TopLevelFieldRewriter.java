package dev.heimdall.providers.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.io.JsonStringEncoder;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * Replaces the value of one top-level string field of a JSON object in its raw bytes, or removes a top-level field,
 * leaving every other byte as the client sent it. A pass-through request (same wire format in and out) then differs from the client's only in
 * the model name: nothing the gateway does not understand is lost or re-formatted, and no tree is built.
 */
public final class TopLevelFieldRewriter {

    private static final JsonFactory FACTORY = new JsonFactory();

    private TopLevelFieldRewriter() {
    }

    /**
     * @return the JSON with {@code field}'s value replaced by {@code value} (as a JSON string), or the JSON with the
     *         field added at the front when the object has no such field
     * @throws IllegalArgumentException when the bytes are not a JSON object
     */
    public static byte[] replaceString(byte[] json, String field, String value) {
        byte[] quoted = quote(value);
        try (JsonParser parser = FACTORY.createParser(json)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new IllegalArgumentException("not a JSON object");
            }
            JsonToken token;
            while ((token = parser.nextToken()) == JsonToken.FIELD_NAME) {
                boolean match = field.equals(parser.currentName());
                if (match) {
                    long start = skipValue(parser);
                    long end = parser.currentLocation().getByteOffset();
                    return splice(json, (int) start, (int) end, quoted);
                }
                parser.nextToken();
                parser.skipChildren();
            }
            if (token != JsonToken.END_OBJECT) {
                throw new IllegalArgumentException("not a JSON object");
            }
            int brace = (int) parser.currentTokenLocation().getByteOffset();
            int open = indexOfOpenBrace(json);
            byte[] member = ("\"" + field + "\":").getBytes(StandardCharsets.UTF_8);
            boolean empty = brace == open + 1 || isBlank(json, open + 1, brace);
            byte[] insert = concat(member, quoted, empty ? new byte[0] : new byte[] {','});
            return splice(json, open + 1, open + 1, insert);
        } catch (IOException e) {
            throw new IllegalArgumentException("not valid JSON", e);
        }
    }

    /**
     * @return the JSON without any top-level member named {@code field} (and the comma that separated it), or the
     *         same array when there is none
     * @throws IllegalArgumentException when the bytes are not a JSON object
     */
    public static byte[] remove(byte[] json, String field) {
        try (JsonParser parser = FACTORY.createParser(json)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new IllegalArgumentException("not a JSON object");
            }
            // where the previous member's value ended (or the object began): a last member is cut from there
            long previousEnd = parser.currentLocation().getByteOffset();
            JsonToken token = parser.nextToken();
            while (token == JsonToken.FIELD_NAME) {
                long nameStart = parser.currentTokenLocation().getByteOffset();
                boolean match = field.equals(parser.currentName());
                skipValue(parser);
                long valueEnd = parser.currentLocation().getByteOffset();
                token = parser.nextToken();
                if (match) {
                    byte[] removed = token == JsonToken.FIELD_NAME
                            ? splice(json, (int) nameStart, (int) parser.currentTokenLocation().getByteOffset(), new byte[0])
                            : splice(json, (int) previousEnd, (int) valueEnd, new byte[0]);
                    // a duplicate member would otherwise survive the first
                    return remove(removed, field);
                }
                previousEnd = valueEnd;
            }
            if (token != JsonToken.END_OBJECT) {
                throw new IllegalArgumentException("not a JSON object");
            }
            return json;
        } catch (IOException e) {
            throw new IllegalArgumentException("not valid JSON", e);
        }
    }

    /**
     * Moves past the value after a field name, so that the parser's location is just behind it.
     *
     * @return the offset where the value starts
     */
    private static long skipValue(JsonParser parser) throws IOException {
        JsonToken value = parser.nextToken();
        long start = parser.currentTokenLocation().getByteOffset();
        if (value.isStructStart()) {
            parser.skipChildren();
        } else {
            // string values are read lazily: finish it so the location is past its closing quote
            parser.finishToken();
        }
        return start;
    }

    private static byte[] quote(String value) {
        char[] escaped = JsonStringEncoder.getInstance().quoteAsString(value);
        return ("\"" + new String(escaped) + "\"").getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] splice(byte[] json, int start, int end, byte[] replacement) {
        byte[] out = new byte[json.length - (end - start) + replacement.length];
        System.arraycopy(json, 0, out, 0, start);
        System.arraycopy(replacement, 0, out, start, replacement.length);
        System.arraycopy(json, end, out, start + replacement.length, json.length - end);
        return out;
    }

    private static int indexOfOpenBrace(byte[] json) {
        for (int i = 0; i < json.length; i++) {
            if (json[i] == '{') {
                return i;
            }
        }
        throw new UncheckedIOException(new IOException("no object start"));
    }

    private static boolean isBlank(byte[] json, int from, int to) {
        for (int i = from; i < to; i++) {
            if (json[i] != ' ' && json[i] != '\n' && json[i] != '\r' && json[i] != '\t') {
                return false;
            }
        }
        return true;
    }

    private static byte[] concat(byte[]... parts) {
        int length = 0;
        for (byte[] part : parts) {
            length += part.length;
        }
        byte[] out = new byte[length];
        int at = 0;
        for (byte[] part : parts) {
            System.arraycopy(part, 0, out, at, part.length);
            at += part.length;
        }
        return out;
    }
}
