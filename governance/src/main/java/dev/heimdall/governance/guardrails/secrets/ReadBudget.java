package dev.heimdall.governance.guardrails.secrets;

/**
 * The text as the rules' regexes see it, counting every character they read. Java's regex engine backtracks, and a
 * prompt is written by whoever holds a key: some rules need time quadratic in the length of a crafted text
 * ({@code eyeyey...} makes the JWT rule rescan the rest of the text from every {@code ey}). Reading more than the
 * budget stops the scan with {@link Exhausted}; normal text stays far below it.
 */
final class ReadBudget implements CharSequence {

    /** Thrown when the budget is spent; carries no stack trace (it is control flow, and frequent under attack). */
    static final class Exhausted extends RuntimeException {
        Exhausted() {
            super("secret scan read budget exhausted", null, false, false);
        }
    }

    private static final Exhausted EXHAUSTED = new Exhausted();

    private final CharSequence text;
    private long remaining;

    ReadBudget(CharSequence text, long reads) {
        this.text = text;
        this.remaining = reads;
    }

    /**
     * A million reads plus 200 per character. The built-in rules read ordinary text one to three times per
     * character, and text crafted against them (a keyword repeated thousands of times) up to about 80 times; a rule
     * that goes quadratic needs thousands.
     */
    static long forLength(int length) {
        return 1_000_000L + 200L * length;
    }

    @Override
    public char charAt(int index) {
        if (--remaining < 0) {
            throw EXHAUSTED;
        }
        return text.charAt(index);
    }

    @Override
    public int length() {
        return text.length();
    }

    @Override
    public CharSequence subSequence(int start, int end) {
        return text.subSequence(start, end);
    }

    @Override
    public String toString() {
        return text.toString();
    }
}
