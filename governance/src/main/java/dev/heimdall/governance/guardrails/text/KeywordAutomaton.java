package dev.heimdall.governance.guardrails.text;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Finds many keywords in one pass over a text (Aho-Corasick, compiled into a table: one lookup per character,
 * whatever the number of keywords). Case-insensitive, character by character, so positions in the text are never
 * shifted by case folding; a run of whitespace in the text matches one space in a keyword, so a phrase still
 * matches across a line break or a double space. Immutable and thread-safe.
 */
public final class KeywordAutomaton {

    /** Receives each occurrence: the keyword's index in the list given to {@link #of} and the end (exclusive). */
    @FunctionalInterface
    public interface Hits {
        void hit(int keyword, int end);
    }

    private final int[] asciiClass;
    private final Map<Character, Integer> otherClass;
    private final int spaceClass;
    private final int classes;
    private final int[] delta;
    private final int[][] outputs;
    private final int[] lengths;

    private KeywordAutomaton(int[] asciiClass, Map<Character, Integer> otherClass, int spaceClass, int classes,
                             int[] delta, int[][] outputs, int[] lengths) {
        this.asciiClass = asciiClass;
        this.otherClass = otherClass;
        this.spaceClass = spaceClass;
        this.classes = classes;
        this.delta = delta;
        this.outputs = outputs;
        this.lengths = lengths;
    }

    /**
     * @param keywords non-blank; surrounding whitespace is ignored and inner runs of whitespace count as one space
     */
    public static KeywordAutomaton of(List<String> keywords) {
        List<String> normalized = new ArrayList<>(keywords.size());
        for (String keyword : keywords) {
            String n = normalize(keyword);
            if (n.isEmpty()) {
                throw new IllegalArgumentException("a keyword must not be blank");
            }
            normalized.add(n);
        }
        int[] asciiClass = new int[128];
        Map<Character, Integer> otherClass = new HashMap<>();
        int classes = 1; // class 0: a character no keyword contains
        for (String keyword : normalized) {
            for (int i = 0; i < keyword.length(); i++) {
                char c = keyword.charAt(i);
                if (c < 128) {
                    if (asciiClass[c] == 0) {
                        asciiClass[c] = classes++;
                    }
                } else if (!otherClass.containsKey(c)) {
                    otherClass.put(c, classes++);
                }
            }
        }
        for (char c = 'A'; c <= 'Z'; c++) {
            asciiClass[c] = asciiClass[Character.toLowerCase(c)];
        }
        int space = asciiClass[' '];
        for (char c : new char[]{'\t', '\n', '\u000B', '\f', '\r'}) {
            asciiClass[c] = space;
        }
        return build(normalized, asciiClass, otherClass, space, classes);
    }

    private static KeywordAutomaton build(List<String> keywords, int[] asciiClass, Map<Character, Integer> otherClass,
                                          int spaceClass, int classes) {
        List<int[]> trie = new ArrayList<>();
        List<int[]> own = new ArrayList<>();
        trie.add(newNode(classes));
        own.add(null);
        int[] lengths = new int[keywords.size()];
        for (int k = 0; k < keywords.size(); k++) {
            String keyword = keywords.get(k);
            lengths[k] = keyword.length();
            int state = 0;
            for (int i = 0; i < keyword.length(); i++) {
                char c = keyword.charAt(i);
                int cls = c < 128 ? asciiClass[c] : otherClass.get(c);
                if (trie.get(state)[cls] < 0) {
                    trie.get(state)[cls] = trie.size();
                    trie.add(newNode(classes));
                    own.add(null);
                }
                state = trie.get(state)[cls];
            }
            own.set(state, append(own.get(state), k));
        }
        int states = trie.size();
        int[] delta = new int[states * classes];
        int[] fail = new int[states];
        int[][] outputs = new int[states][];
        ArrayDeque<Integer> queue = new ArrayDeque<>();
        for (int cls = 0; cls < classes; cls++) {
            int next = trie.get(0)[cls];
            delta[cls] = Math.max(next, 0);
            if (next > 0) {
                queue.add(next);
            }
        }
        for (int s = 0; s < states; s++) {
            outputs[s] = own.get(s);
        }
        while (!queue.isEmpty()) {
            int s = queue.poll();
            for (int cls = 0; cls < classes; cls++) {
                int next = trie.get(s)[cls];
                if (next < 0) {
                    delta[s * classes + cls] = delta[fail[s] * classes + cls];
                } else {
                    fail[next] = delta[fail[s] * classes + cls];
                    outputs[next] = concat(outputs[next], outputs[fail[next]]);
                    delta[s * classes + cls] = next;
                    queue.add(next);
                }
            }
        }
        // the table holds each next state premultiplied by the number of classes, complemented when the state has
        // outputs: one load and one sign test per character of text
        for (int k = 0; k < delta.length; k++) {
            int next = delta[k];
            delta[k] = outputs[next] == null ? next * classes : ~(next * classes);
        }
        return new KeywordAutomaton(asciiClass, Map.copyOf(otherClass), spaceClass, classes, delta, outputs, lengths);
    }

    /** Reports every occurrence of every keyword, overlapping ones included, in order of their end. */
    public void scan(CharSequence text, Hits hits) {
        int state = 0;
        boolean previousSpace = false;
        for (int i = 0, n = text.length(); i < n; i++) {
            char c = text.charAt(i);
            int cls;
            if (c < 128) {
                cls = asciiClass[c];
                boolean space = c == ' ' || (c >= '\t' && c <= '\r');
                if (space && previousSpace) {
                    continue;
                }
                previousSpace = space;
            } else if (Character.isWhitespace(c)) {
                if (previousSpace) {
                    continue;
                }
                previousSpace = true;
                cls = spaceClass;
            } else {
                previousSpace = false;
                Integer other = otherClass.get(Character.toLowerCase(c));
                cls = other == null ? 0 : other;
            }
            state = delta[state + cls];
            if (state < 0) {
                state = ~state;
                for (int keyword : outputs[state / classes]) {
                    hits.hit(keyword, i + 1);
                }
            }
        }
    }

    /** Whether any keyword occurs in the text. */
    public boolean containsAny(CharSequence text) {
        boolean[] found = new boolean[1];
        scan(text, (keyword, end) -> found[0] = true);
        return found[0];
    }

    /** Where the occurrence of {@code keyword} that ends at {@code end} starts (whitespace runs count as one). */
    public int startOf(CharSequence text, int keyword, int end) {
        int p = end;
        for (int counted = 0; counted < lengths[keyword]; counted++) {
            p--;
            if (Character.isWhitespace(text.charAt(p))) {
                while (p > 0 && Character.isWhitespace(text.charAt(p - 1))) {
                    p--;
                }
            }
        }
        return p;
    }

    private static String normalize(String keyword) {
        String trimmed = keyword.strip();
        StringBuilder sb = new StringBuilder(trimmed.length());
        boolean previousSpace = false;
        for (int i = 0; i < trimmed.length(); i++) {
            char c = trimmed.charAt(i);
            if (Character.isWhitespace(c)) {
                if (!previousSpace) {
                    sb.append(' ');
                }
                previousSpace = true;
            } else {
                sb.append(Character.toLowerCase(c));
                previousSpace = false;
            }
        }
        return sb.toString();
    }

    private static int[] newNode(int classes) {
        int[] node = new int[classes];
        Arrays.fill(node, -1);
        return node;
    }

    private static int[] append(int[] list, int value) {
        if (list == null) {
            return new int[]{value};
        }
        int[] longer = Arrays.copyOf(list, list.length + 1);
        longer[list.length] = value;
        return longer;
    }

    private static int[] concat(int[] a, int[] b) {
        if (a == null) {
            return b;
        }
        if (b == null) {
            return a;
        }
        int[] both = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        return both;
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "KeywordAutomaton[%d keywords, %d states]", lengths.length,
                delta.length / classes);
    }
}
