package dev.heimdall.loadtest.mock;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The deterministic rules every provider format of the mock shares, so tests can assert end to end.
 *
 * <ul>
 *   <li>Text reply: {@code "Mock reply to: " + <text of the last user message>}, followed by {@code " [1 image]"}
 *       (or {@code " [N images]"}) when that message has image parts. The text of a message is its text parts
 *       joined with a single space.</li>
 *   <li>Reply to a tool result (the last message is an OpenAI {@code tool} message or an Anthropic user message with
 *       {@code tool_result} blocks): {@code "Tool result was: " + <content>} (several results joined with
 *       {@code "; "}).</li>
 *   <li>Tool call: when the request has tools, tool choice is not {@code none} and the last message is a user
 *       message (not a tool result), the reply is ONE call of the forced tool, else the first tool, with arguments
 *       built from its JSON schema: every declared property gets: string: the last user text (or the first
 *       {@code enum} value), integer/number: 1, boolean: true, array: [], object: {}, anything else: null.</li>
 *   <li>Tokens: a text costs {@code ceil(chars / 4)} tokens. Output tokens are the pieces emitted: the reply split
 *       before each space ({@code "Mock"}, {@code " reply"}, {@code " to:"}, ...) and tool arguments in 4-character
 *       fragments. Prompt tokens are {@code 3 + sum over messages (incl. system) of (4 + tokens(text) + 85 per image)
 *       + tokens(tools as JSON)}.</li>
 *   <li>Stop sequences cut the reply before the earliest occurrence; then max tokens keep the first N pieces.</li>
 * </ul>
 */
public final class Replies {
    public static final int PRIMING_TOKENS = 3;
    public static final int PER_MESSAGE_TOKENS = 4;
    public static final int PER_IMAGE_TOKENS = 85;
    private static final char[] ALPHABET =
            "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".toCharArray();

    private Replies() {
    }

    /** Estimated tokens of a text: ceil(chars / 4). */
    public static int tokens(String text) {
        return text == null ? 0 : (text.length() + 3) / 4;
    }

    public static String reply(String lastUserText, int images) {
        String text = "Mock reply to: " + lastUserText;
        if (images == 1) {
            return text + " [1 image]";
        }
        return images > 1 ? text + " [" + images + " images]" : text;
    }

    public static String toolResultReply(String content) {
        return "Tool result was: " + content;
    }

    /**
     * An output after stop sequences and max tokens.
     *
     * @param pieces       the emitted tokens, in order; their concatenation is the text
     * @param stopSequence the stop sequence that cut the reply, or null
     * @param truncated    whether max tokens cut the reply
     */
    public record Output(List<String> pieces, String stopSequence, boolean truncated) {
        public String text() {
            return String.join("", pieces);
        }
    }

    /** Applies stop sequences then {@code maxTokens} (ignored when <= 0) to {@code text}. */
    public static Output limit(String text, List<String> stops, int maxTokens) {
        String stopHit = null;
        int cut = text.length();
        for (String stop : stops) {
            int at = stop.isEmpty() ? -1 : text.indexOf(stop);
            if (at >= 0 && at < cut) {
                cut = at;
                stopHit = stop;
            }
        }
        List<String> pieces = pieces(text.substring(0, cut));
        boolean truncated = maxTokens > 0 && pieces.size() > maxTokens;
        if (truncated) {
            pieces = pieces.subList(0, maxTokens);
            stopHit = null;
        }
        return new Output(pieces, stopHit, truncated);
    }

    /** Splits a text before each space: "Mock reply to:" -> ["Mock", " reply", " to:"]. */
    public static List<String> pieces(String text) {
        List<String> out = new ArrayList<>();
        int start = 0;
        for (int i = 1; i < text.length(); i++) {
            if (text.charAt(i) == ' ') {
                out.add(text.substring(start, i));
                start = i;
            }
        }
        if (start < text.length()) {
            out.add(text.substring(start));
        }
        return out;
    }

    /** Groups pieces {@code per} at a time, for stream chunks. */
    public static List<String> group(List<String> pieces, int per) {
        if (per <= 1) {
            return pieces;
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i < pieces.size(); i += per) {
            out.add(String.join("", pieces.subList(i, Math.min(pieces.size(), i + per))));
        }
        return out;
    }

    /** Splits tool arguments into 4-character fragments (each one output token), grouped {@code per} at a time. */
    public static List<String> fragments(String json, int per) {
        int size = 4 * Math.max(1, per);
        List<String> out = new ArrayList<>();
        for (int i = 0; i < json.length(); i += size) {
            out.add(json.substring(i, Math.min(json.length(), i + size)));
        }
        return out;
    }

    /** Tool arguments built from a JSON schema, as documented on this class. */
    public static ObjectNode arguments(JsonNode schema, String userText) {
        ObjectNode args = MockJson.object();
        JsonNode props = schema == null ? null : schema.get("properties");
        if (props == null || !props.isObject()) {
            return args;
        }
        for (Map.Entry<String, JsonNode> p : props.properties()) {
            JsonNode def = p.getValue();
            JsonNode type = def.get("type");
            String t = type == null ? "" : type.isArray() && !type.isEmpty() ? type.get(0).asText() : type.asText();
            switch (t) {
                case "string" -> {
                    JsonNode e = def.get("enum");
                    if (e != null && e.isArray() && !e.isEmpty()) {
                        args.set(p.getKey(), e.get(0));
                    } else {
                        args.put(p.getKey(), userText);
                    }
                }
                case "integer", "number" -> args.put(p.getKey(), 1);
                case "boolean" -> args.put(p.getKey(), true);
                case "array" -> args.putArray(p.getKey());
                case "object" -> args.putObject(p.getKey());
                default -> args.putNull(p.getKey());
            }
        }
        return args;
    }

    /** A random id: {@code prefix} followed by {@code length} base-62 characters. */
    public static String id(String prefix, int length) {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        char[] out = new char[length];
        for (int i = 0; i < length; i++) {
            out[i] = ALPHABET[r.nextInt(ALPHABET.length)];
        }
        return prefix + new String(out);
    }
}
